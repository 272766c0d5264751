using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// Growth and return of the scratch arrays a join operator copies one key's records into, to hand
/// them to the user's function as one span. The arrays are rented from
/// <see cref="ArrayPool{T}.Shared"/>, kept by the operator between calls (grown to the largest
/// group seen) and returned when it is disposed.
/// </summary>
internal static class ScratchBuffer
{
    /// <summary>Replaces <paramref name="scratch"/> with a rented array of at least <paramref name="length"/> items, returning the old one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Grow<T>(ref T[] scratch, int length)
    {
        T[] grown = ArrayPool<T>.Shared.Rent(Math.Max(length, Math.Max(16, scratch.Length * 2)));
        Return(ref scratch);
        scratch = grown;
    }

    /// <summary>Returns <paramref name="scratch"/> to the pool (unless it is the empty array) and sets it to the empty array.</summary>
    public static void Return<T>(ref T[] scratch)
    {
        if (scratch.Length > 0)
        {
            // The operator clears what it copied after each call, so the array holds no records.
            ArrayPool<T>.Shared.Return(scratch);
        }
        scratch = [];
    }

    /// <summary>Clears the first <paramref name="count"/> items if <typeparamref name="T"/> holds references, so the array keeps no record alive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Release<T>(T[] scratch, int count)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && count > 0)
        {
            Array.Clear(scratch, 0, count);
        }
    }
}
