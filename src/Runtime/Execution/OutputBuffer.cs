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
        if ((uint)count < (uint)items.Length)
        {
            items[count] = item;
            _count = count + 1;
        }
        else
        {
            CollectWithResize(item);
        }
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CollectWithResize(in T item)
    {
        T[] grown = ArrayPool<T>.Shared.Rent(Math.Max(16, _items.Length * 2));
        Array.Copy(_items, grown, _count);
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_items, 0, _count);
        }
        if (_items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_items);
        }
        _items = grown;
        grown[_count++] = item;
    }
}
