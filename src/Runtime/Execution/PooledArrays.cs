using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow.Execution;

/// <summary>Returns rented arrays to <see cref="ArrayPool{T}.Shared"/>.</summary>
internal static class PooledArrays
{
    /// <summary>
    /// Returns <paramref name="array"/>, of which only the first <paramref name="used"/> elements
    /// were written. Elements holding references are cleared, so the pool keeps no object alive;
    /// only the written ones, where <c>clearArray</c> would clear the whole rented length (a part
    /// of a batch fills a fraction of it).
    /// </summary>
    public static void Return<T>(T[] array, int used)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            array.AsSpan(0, used).Clear();
        }

        ArrayPool<T>.Shared.Return(array);
    }
}
