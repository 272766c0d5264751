using System.Buffers;
using System.Buffers.Binary;

namespace CompiledFlow;

/// <summary>
/// Writes one operator's state into a checkpoint: numbers, values of any state type and spans of
/// them. Unmanaged values are copied as their bytes (a span of them in one copy); other values are
/// serialized with MessagePack (see <see cref="StateCodec{T}"/>). Every read on restore must mirror a
/// write, in order. The bytes stay in memory until the checkpoint is stored, so writing is the only
/// part of a checkpoint that pauses the operator.
/// </summary>
public sealed class StateWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    /// <summary>Creates a writer into a growing in-memory buffer.</summary>
    public StateWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Writes a 64-bit integer.</summary>
    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes a 32-bit integer.</summary>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes a flag.</summary>
    public void WriteBoolean(bool value) => WriteInt32(value ? 1 : 0);

    /// <summary>Writes the shape of <typeparamref name="T"/> (see <see cref="StateSchema"/>), for <see cref="StateReader.ReadSchema{T}"/> to check on restore.</summary>
    public void WriteSchema<T>() => WriteString(StateSchema.Of<T>());

    /// <summary>Writes a string as a length and its UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        int length = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        System.Text.Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>Writes one value of a state type.</summary>
    public void Write<T>(in T value) => StateCodec<T>.Write(_buffer, in value);

    /// <summary>Writes a count and then the values; unmanaged values in one copy.</summary>
    public void WriteSpan<T>(ReadOnlySpan<T> values)
    {
        WriteInt32(values.Length);
        if (StateCodec<T>.IsUnmanaged)
        {
            WriteBytes(StateCodec<T>.AsBytes(values));
            return;
        }

        foreach (ref readonly T value in values)
        {
            StateCodec<T>.Write(_buffer, in value);
        }
    }

    /// <summary>Writes raw bytes (no length).</summary>
    internal void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        const int Chunk = 1 << 20; // large spans go in chunks: the buffer need not find one huge free span
        while (!bytes.IsEmpty)
        {
            int length = Math.Min(bytes.Length, Chunk);
            bytes[..length].CopyTo(_buffer.GetSpan(length));
            _buffer.Advance(length);
            bytes = bytes[length..];
        }
    }
}
