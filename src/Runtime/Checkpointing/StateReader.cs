using System.Buffers.Binary;

namespace CompiledFlow;

/// <summary>
/// Reads back what a <see cref="StateWriter"/> wrote, in the same order. <see cref="Operator"/> names
/// the operator being restored, so that a state that no longer fits the pipeline gives an error that
/// says where (<see cref="ReadSchema{T}"/>). A read past the end or of malformed data throws a
/// <see cref="CheckpointException"/>.
/// </summary>
public sealed class StateReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Reads <paramref name="data"/>, the state of <paramref name="operatorName"/>.</summary>
    public StateReader(ReadOnlyMemory<byte> data, string operatorName)
    {
        _data = data;
        Operator = operatorName;
    }

    /// <summary>The operator whose state this is, for errors.</summary>
    public string Operator { get; }

    /// <summary>True when everything has been read.</summary>
    public bool AtEnd => _position == _data.Length;

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a flag.</summary>
    public bool ReadBoolean() => ReadInt32() != 0;

    /// <summary>Reads a string written by <see cref="StateWriter.WriteString"/>.</summary>
    public string ReadString() => System.Text.Encoding.UTF8.GetString(Take(ReadLength()));

    /// <summary>
    /// Reads the shape written by <see cref="StateWriter.WriteSchema{T}"/> and checks that
    /// <typeparamref name="T"/> still has it; <paramref name="role"/> says what the type is for
    /// (for example "key" or "accumulator").
    /// </summary>
    public void ReadSchema<T>(string role)
    {
        string stored = ReadString();
        string current = StateSchema.Of<T>();
        if (stored != current)
        {
            throw new CheckpointException(
                $"The state of {Operator} cannot be restored: its {role} type changed incompatibly. The checkpoint holds {stored}; the pipeline now has {current}.");
        }
    }

    /// <summary>Reads one value of a state type.</summary>
    public T Read<T>()
    {
        try
        {
            return StateCodec<T>.Read(_data, ref _position);
        }
        catch (Exception e)
        {
            throw Malformed(e);
        }
    }

    /// <summary>Reads values written by <see cref="StateWriter.WriteSpan{T}"/> into a new array.</summary>
    public T[] ReadArray<T>()
    {
        int count = ReadLength();
        var values = new T[count];
        if (StateCodec<T>.IsUnmanaged)
        {
            Take(checked(count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())).CopyTo(StateCodec<T>.AsBytes(values.AsSpan()));
            return values;
        }

        for (int i = 0; i < count; i++)
        {
            values[i] = Read<T>();
        }

        return values;
    }

    private int ReadLength()
    {
        int length = ReadInt32();
        return length >= 0 && length <= _data.Length - _position ? length : throw Malformed(null);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Malformed(null);
        }

        ReadOnlySpan<byte> span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private CheckpointException Malformed(Exception? inner) =>
        new($"The state of {Operator} is malformed at byte {_position} of {_data.Length}.", inner);
}
