using System.Runtime.CompilerServices;
using CompiledFlow.Tests.Windows;
using CsCheck;
using Xunit.Abstractions;

namespace CompiledFlow.Tests.State;

/// <summary>
/// <see cref="KeyedStateTable{TKey, TValue}"/> against <see cref="Dictionary{TKey, TValue}"/> on
/// random sequences of adds, updates, lookups, removes and clears, over long keys, string keys and
/// keys whose hashes collide (long probe chains, so backward-shift deletion is exercised hard).
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class KeyedStateTableTests(ITestOutputHelper log)
{
    /// <summary>A key whose hash takes only three values.</summary>
    public readonly record struct CollidingKey(int Id)
    {
        public override int GetHashCode() => Id % 3;
    }

    /// <summary>Op: 0-4 add or update, 5 look up, 6-7 remove, 8 clear (rare); key index; amount.</summary>
    public readonly record struct Op(int Kind, int Key, long Amount);

    private static Gen<Op[]> Ops(int keys, int length) =>
        Gen.Select(Gen.Frequency((50, Gen.Int[0, 4]), (10, Gen.Const(5)), (25, Gen.Int[6, 7]), (1, Gen.Const(8))), Gen.Int[0, keys], Gen.Long[-100, 100],
            (kind, key, amount) => new Op(kind, key, amount)).Array[0, length];

    [Fact]
    public void Long_keys_behave_like_a_dictionary() =>
        Ops(keys: 300, length: 2_000).Sample(ops => Check(ops, k => (long)k * 1_000_003 - 150), iter: 300);

    [Fact]
    public void String_keys_behave_like_a_dictionary() =>
        Ops(keys: 300, length: 2_000).Sample(ops => Check(ops, k => "key-" + k), iter: 300);

    [Fact]
    public void Colliding_keys_behave_like_a_dictionary() =>
        Ops(keys: 60, length: 1_000).Sample(ops => Check(ops, k => new CollidingKey(k)), iter: 300);

    [Fact]
    public void Many_keys_grow_the_table_like_a_dictionary() =>
        Ops(keys: 20_000, length: 30_000).Sample(ops => Check(ops, k => (long)k), iter: 20);

    private static void Check<TKey>(Op[] ops, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        var table = new KeyedStateTable<TKey, long>();
        var expected = new Dictionary<TKey, long>();
        foreach (Op op in ops)
        {
            TKey key = keyOf(op.Key);
            switch (op.Kind)
            {
                case <= 4:
                    ref long value = ref table.GetValueRefOrAddDefault(key, out bool exists);
                    Assert.Equal(expected.ContainsKey(key), exists);
                    Assert.Equal(expected.GetValueOrDefault(key), value);
                    value += op.Amount;
                    expected[key] = expected.GetValueOrDefault(key) + op.Amount;
                    break;
                case 5:
                    ref long found = ref table.GetValueRefOrNullRef(key);
                    Assert.Equal(expected.TryGetValue(key, out long e), !Unsafe.IsNullRef(ref found));
                    if (!Unsafe.IsNullRef(ref found))
                    {
                        Assert.Equal(e, found);
                    }
                    Assert.Equal(expected.ContainsKey(key), table.ContainsKey(key));
                    break;
                case <= 7:
                    Assert.Equal(expected.Remove(key), table.Remove(key));
                    break;
                default:
                    table.Clear();
                    expected.Clear();
                    break;
            }
            Assert.Equal(expected.Count, table.Count);
        }

        var seen = new Dictionary<TKey, long>();
        foreach (KeyedStateTable<TKey, long>.Entry entry in table)
        {
            seen.Add(entry.Key, entry.Value); // throws on a duplicate key
        }
        Assert.Equal(expected.Count, seen.Count);
        foreach ((TKey key, long value) in expected)
        {
            Assert.Equal(value, seen[key]);
            Assert.True(table.TryGetValue(key, out long v));
            Assert.Equal(value, v);
        }
    }

    [Fact]
    public void Enumeration_is_in_insertion_order_while_nothing_is_removed()
    {
        var table = new KeyedStateTable<string, int>();
        string[] keys = Enumerable.Range(0, 1_000).Select(i => $"k{i * 7_919 % 1_000}").ToArray();
        for (int i = 0; i < keys.Length; i++)
        {
            table.GetValueRefOrAddDefault(keys[i], out _) = i;
        }

        var order = new List<string>();
        foreach (KeyedStateTable<string, int>.Entry entry in table)
        {
            Assert.Equal(order.Count, entry.Value);
            order.Add(entry.Key);
        }
        Assert.Equal(keys, order);
    }

    [Fact]
    public void Values_are_updated_through_the_enumerator()
    {
        var table = new KeyedStateTable<long, long>();
        for (long k = 0; k < 100; k++)
        {
            table.GetValueRefOrAddDefault(k, out _) = k;
        }
        foreach (KeyedStateTable<long, long>.Entry entry in table)
        {
            entry.Value *= 2;
        }
        for (long k = 0; k < 100; k++)
        {
            Assert.Equal(2 * k, table.GetValueRefOrNullRef(k));
        }
    }

    [Fact]
    public void Adding_a_key_while_enumerating_throws()
    {
        var table = new KeyedStateTable<long, long>();
        table.GetValueRefOrAddDefault(1, out _);
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (KeyedStateTable<long, long>.Entry entry in table)
            {
                table.GetValueRefOrAddDefault(entry.Key + 1, out _);
            }
        });
    }

    [Fact]
    public void A_key_added_again_after_clear_or_remove_starts_from_default()
    {
        var table = new KeyedStateTable<long, Stats>();
        table.GetValueRefOrAddDefault(7, out _).Count = 5;
        Assert.True(table.Remove(7));
        Assert.Equal(0, table.GetValueRefOrAddDefault(7, out bool exists).Count);
        Assert.False(exists);
        table.GetValueRefOrAddDefault(7, out _).Count = 5;
        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.True(Unsafe.IsNullRef(ref table.GetValueRefOrNullRef(7)));
        Assert.Equal(0, table.GetValueRefOrAddDefault(7, out _).Count);
    }

    [Fact]
    public void The_table_grows_by_doubling_at_three_quarters_and_keeps_its_arrays_on_clear()
    {
        var table = new KeyedStateTable<long, Stats>();
        Assert.Equal(6, table.Capacity); // 8 slots
        Assert.Equal(8 * 8 + 6 * (8 + 16), table.EstimatedBytes);
        for (long k = 0; k < 7; k++)
        {
            table.GetValueRefOrAddDefault(k, out _);
        }
        Assert.Equal(12, table.Capacity); // 16 slots
        Assert.Equal(16 * 8 + 12 * (8 + 16), table.EstimatedBytes);

        long bytes = table.EstimatedBytes;
        table.Clear();
        Assert.Equal(bytes, table.EstimatedBytes);
        Assert.Equal(12, new KeyedStateTable<long, Stats>(capacity: 7).Capacity);
    }

    [Fact]
    public void Adding_keys_to_a_table_with_room_allocates_nothing()
    {
        var table = new KeyedStateTable<long, Stats>(capacity: 10_000);
        Fill(table);
        table.Clear();

        long before = GC.GetAllocatedBytesForCurrentThread();
        Fill(table);
        table.Clear();
        Fill(table);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000, table.Count);

        static void Fill(KeyedStateTable<long, Stats> table)
        {
            for (long k = 0; k < 10_000; k++)
            {
                table.GetValueRefOrAddDefault(k, out _).Count++;
                table.GetValueRefOrAddDefault(k, out _).Count++;
            }
        }
    }

    [Fact]
    public void One_million_long_keys_with_a_16_byte_accumulator_take_less_than_64_bytes_per_key()
    {
        const int keys = 1_000_000;
        long live = GC.GetTotalMemory(forceFullCollection: true);
        var table = new KeyedStateTable<long, Stats>();
        for (long k = 0; k < keys; k++)
        {
            ref Stats stats = ref table.GetValueRefOrAddDefault(k * 7_919, out _);
            stats.Count++;
            stats.Max = k;
        }
        long measured = GC.GetTotalMemory(forceFullCollection: true) - live;

        double perKey = (double)table.EstimatedBytes / keys;
        log.WriteLine($"KeyedStateTable<long, Stats> at 1M keys: EstimatedBytes {table.EstimatedBytes:N0} = {perKey:F1} B/key (index {table.Capacity / 3 * 4:N0} slots, dense capacity {table.Capacity:N0}); GC heap growth {measured / (double)keys:F1} B/key");
        Assert.True(perKey < 64, $"{perKey:F1} bytes per key");
        Assert.Equal(keys, table.Count);
        GC.KeepAlive(table);
    }
}
