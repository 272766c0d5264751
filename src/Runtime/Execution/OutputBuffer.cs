using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The buffer a fused chain writes one batch of output into before the runtime hands it to the
/// sinks. Rented from <see cref="ArrayPool{T}.Shared"/>, grown only when a batch fans out beyond
/// it, cleared after every batch and returned by <see cref="Dispose"/>.
/// </summary>
public struct OutputBuffer<T> : ICollector<T>, IDisposable
{
    private T[] _items;
    private int _count;

    /// <summary>Rents a buffer with room for at least <paramref name="capacity"/> records.</summary>
    public OutputBuffer(int capacity)
    {
        _items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 16));
        _count = 0;
    }

    /// <summary>The records written since the last <see cref="Clear"/>.</summary>
    public readonly ReadOnlyMemory<T> Written => new(_items, 0, _count);

    /// <summary>How many records were written since the last <see cref="Clear"/>.</summary>
    public readonly int Count => _count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Collect(in T item)
    {
        T[] items = _items;
        int count = _count;
        if ((uint)count >= (uint)items.Length)
        {
            _items = items = Grow(items, count);
        }

        items[count] = item;
        _count = count + 1;
    }

    /// <summary>Forgets the written records, keeping the buffer.</summary>
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_items, 0, _count);
        }
        _count = 0;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_items.Length > 0)
        {
            Clear();
            ArrayPool<T>.Shared.Return(_items);
            _items = [];
        }
    }

    /// <summary>
    /// A larger buffer holding the first <paramref name="count"/> records. By value and static, so
    /// the hot path keeps the record in registers. The old array is left to the GC rather than
    /// returned to the pool: a caller's copy of this struct may still hold it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T[] Grow(T[] items, int count)
    {
        T[] grown = ArrayPool<T>.Shared.Rent(Math.Max(16, items.Length * 2));
        Array.Copy(items, grown, count);
        return grown;
    }
}
