using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Resolvers;

namespace CompiledFlow;

/// <summary>
/// How a state type is written into a checkpoint. An unmanaged type (no references: the fast path
/// the state tables are built for) is written as its bytes. Any other type (strings, lists, classes)
/// goes through MessagePack's contractless resolver with private members, so state types need no
/// attributes; such a value is written as a length and its MessagePack bytes.
/// </summary>
public static class StateCodec<T>
{
    /// <summary>True when values are copied as bytes.</summary>
    public static readonly bool IsUnmanaged = !RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolverAllowPrivate.Instance);

    /// <summary>The bytes of unmanaged <paramref name="values"/>.</summary>
    internal static ReadOnlySpan<byte> AsBytes(ReadOnlySpan<T> values) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(values)), values.Length * Unsafe.SizeOf<T>());

    /// <summary>The bytes of unmanaged <paramref name="values"/>, writable.</summary>
    internal static Span<byte> AsBytes(Span<T> values) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(values)), values.Length * Unsafe.SizeOf<T>());

    internal static void Write(IBufferWriter<byte> buffer, in T value)
    {
        if (IsUnmanaged)
        {
            int size = Unsafe.SizeOf<T>();
            Span<byte> target = buffer.GetSpan(size);
            Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(target), value);
            buffer.Advance(size);
            return;
        }

        byte[] bytes = MessagePackSerializer.Serialize(value, Options);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), bytes.Length);
        buffer.Advance(4);
        buffer.Write(bytes);
    }

    internal static T Read(ReadOnlyMemory<byte> data, ref int position)
    {
        if (IsUnmanaged)
        {
            int size = Unsafe.SizeOf<T>();
            T value = Unsafe.ReadUnaligned<T>(in data.Span.Slice(position, size)[0]);
            position += size;
            return value;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(data.Span.Slice(position, 4));
        if (length < 0 || length > data.Length - position - 4)
        {
            throw new CheckpointException($"A serialized value claims {length} bytes at byte {position}, past the end of the state.");
        }

        T result = MessagePackSerializer.Deserialize<T>(data.Slice(position + 4, length), Options);
        position += 4 + length;
        return result;
    }
}
