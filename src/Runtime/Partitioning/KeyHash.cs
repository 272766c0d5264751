using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledFlow;

/// <summary>
/// A hash of a key that is the same in every process and on every machine, so that a key lands
/// in the same partition (and, later, key group) after a restart. <see cref="string.GetHashCode()"/>
/// is randomized per process, so strings are hashed here from their characters. The JIT removes
/// the type tests for value-type keys: each instantiation compiles to one branch.
/// </summary>
public static class KeyHash
{
    /// <summary>The stable hash of <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of<TKey>(in TKey key)
    {
        if (typeof(TKey) == typeof(long))
        {
            return Mix((ulong)Unsafe.As<TKey, long>(ref Unsafe.AsRef(in key)));
        }

        if (typeof(TKey) == typeof(int))
        {
            return Mix((ulong)Unsafe.As<TKey, int>(ref Unsafe.AsRef(in key)));
        }

        if (typeof(TKey) == typeof(string))
        {
            return OfString(Unsafe.As<TKey, string>(ref Unsafe.AsRef(in key)));
        }

        return Mix((ulong)EqualityComparer<TKey>.Default.GetHashCode(key!));
    }

    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitions"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Partition<TKey>(in TKey key, int partitions) => (int)((uint)Of(key) % (uint)partitions);

    /// <summary>A 64-bit finalizer (from SplitMix64): spreads sequential ids over all partitions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)x;
    }

    /// <summary>FNV-1a over the UTF-16 code units, then mixed.</summary>
    private static int OfString(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        ulong hash = 14695981039346656037UL;
        foreach (ushort unit in MemoryMarshal.Cast<char, ushort>(value.AsSpan()))
        {
            hash = (hash ^ unit) * 1099511628211UL;
        }

        return Mix(hash);
    }
}
