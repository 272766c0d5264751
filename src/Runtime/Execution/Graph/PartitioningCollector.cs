using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow.Execution;

/// <summary>
/// Routes each keyed record, as the source loop makes it, into the part of the subtask that owns
/// its key: one pooled array per subtask, so a batch crosses the exchange with one copy (into its
/// part) instead of two (into a batch, then into the parts). The parts start at the batch's length
/// and grow if the chain emits more records than it read (a FlatMap).
/// </summary>
internal struct PartitioningCollector<TKey, TValue> : ICollector<Keyed<TKey, TValue>>
{
    private readonly Keyed<TKey, TValue>[][] _parts;
    private readonly int[] _counts;

    public PartitioningCollector(int subtasks, int capacity)
    {
        _parts = new Keyed<TKey, TValue>[subtasks][];
        _counts = new int[subtasks];
        for (int i = 0; i < subtasks; i++)
        {
            _parts[i] = ArrayPool<Keyed<TKey, TValue>>.Shared.Rent(Math.Max(capacity, 16));
        }
    }

    /// <summary>The part of each subtask; a subtask's records are at 0 .. <see cref="Counts"/>[i] - 1.</summary>
    public readonly Keyed<TKey, TValue>[][] Parts => _parts;

    public readonly int[] Counts => _counts;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Collect(in Keyed<TKey, TValue> record)
    {
        int target = KeyHash.Partition(record.Key, _parts.Length);
        int count = _counts[target];
        Keyed<TKey, TValue>[] part = _parts[target];
        if (count == part.Length)
        {
            part = Grow(target);
        }

        part[count] = record;
        _counts[target] = count + 1;
    }

    /// <summary>Returns the parts that were not handed over (null entries were).</summary>
    public readonly void ReturnRemaining()
    {
        for (int i = 0; i < _parts.Length; i++)
        {
            if (_parts[i] is { } part)
            {
                PooledArrays.Return(part, _counts[i]);
            }
        }
    }

    private readonly Keyed<TKey, TValue>[] Grow(int target)
    {
        Keyed<TKey, TValue>[] old = _parts[target];
        Keyed<TKey, TValue>[] grown = ArrayPool<Keyed<TKey, TValue>>.Shared.Rent(old.Length * 2);
        old.AsSpan().CopyTo(grown);
        PooledArrays.Return(old, old.Length);
        _parts[target] = grown;
        return grown;
    }
}
