using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The output of a <c>[FlatMap]</c> operator. The generated loop owns one emitter per FlatMap:
/// the operator calls <see cref="Emit"/>, the loop then runs the rest of the chain over
/// <see cref="Emitted"/> and calls <see cref="Clear"/>. The buffer is rented once from
/// <see cref="ArrayPool{T}.Shared"/> and reused for every record, so emitting allocates nothing
/// once the buffer has grown to the largest fan-out; <see cref="Dispose"/> returns it.
/// </summary>
public ref struct Emitter<T>
{
    private T[]? _items;
    private int _count;

    /// <summary>Adds one record to the output of the current input record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value)
    {
        T[]? items = _items;
        int count = _count;
        if (items is not null && (uint)count < (uint)items.Length)
        {
            items[count] = value;
            _count = count + 1;
        }
        else
        {
            EmitWithResize(value);
        }
    }

    /// <summary>The records emitted since the last <see cref="Clear"/>.</summary>
    public readonly ReadOnlySpan<T> Emitted => new(_items, 0, _count);

    /// <summary>How many records were emitted since the last <see cref="Clear"/>.</summary>
    public readonly int Count => _count;

    /// <summary>Forgets the emitted records, keeping the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && _count > 0)
        {
            Array.Clear(_items!, 0, _count); // do not keep records alive through the pool
        }
        _count = 0;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_items is not null)
        {
            Clear();
            ArrayPool<T>.Shared.Return(_items);
            _items = null;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitWithResize(in T value)
    {
        T[]? old = _items;
        T[] grown = ArrayPool<T>.Shared.Rent(old is null ? 16 : old.Length * 2);
        if (old is not null)
        {
            Array.Copy(old, grown, _count);
            ReturnCleared(old, _count);
        }
        _items = grown;
        grown[_count++] = value;
    }

    private static void ReturnCleared(T[] array, int count)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(array, 0, count);
        }
        ArrayPool<T>.Shared.Return(array);
    }
}
