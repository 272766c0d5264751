using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// One growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>, written by the record
/// writers and drained to a file by <see cref="AtomicFile"/>. Sealed and array-backed, so
/// <see cref="GetSpan"/> is a bounds check on the hot path; it grows only for a record larger than
/// the room left, and <see cref="Dispose"/> returns the array.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    /// <summary>Rents a buffer of at least <paramref name="capacity"/> bytes.</summary>
    public PooledBufferWriter(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>Bytes written since the last <see cref="Clear"/>.</summary>
    public int WrittenCount => _written;

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            ThrowAdvancedTooFar(count);
        }
        _written += count;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_buffer.Length - _written < Math.Max(sizeHint, 1))
        {
            Grow(sizeHint);
        }
        return _buffer.AsSpan(_written);
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_buffer.Length - _written < Math.Max(sizeHint, 1))
        {
            Grow(sizeHint);
        }
        return _buffer.AsMemory(_written);
    }

    /// <summary>Forgets the written bytes, keeping the buffer.</summary>
    public void Clear() => _written = 0;

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _written = 0;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        int needed = checked(_written + Math.Max(sizeHint, 1));
        byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, (int)Math.Min(Array.MaxLength, 2L * _buffer.Length)));
        _buffer.AsSpan(0, _written).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowAdvancedTooFar(int count) =>
        throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot advance past the end of the buffer: {_buffer.Length - _written} bytes are left.");
}
