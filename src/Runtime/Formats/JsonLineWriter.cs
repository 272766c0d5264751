using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CompiledFlow.Formats;

/// <summary>
/// Writes the properties of one JSON object through a <see cref="Utf8JsonWriter"/>; the generated
/// <see cref="IJsonLinesFormat{T}.Write"/> calls one <c>Write…</c> per member. The caller (the
/// JSON Lines sink) writes the object's braces and the newline, and reuses one
/// <see cref="Utf8JsonWriter"/> for every line.
/// </summary>
/// <remarks>
/// Floating-point NaN and infinities, which JSON numbers cannot hold, are written as the strings
/// "NaN", "Infinity" and "-Infinity" (as System.Text.Json's named floating-point literals); the
/// reader accepts them back. Dates are ISO 8601 strings, GUIDs "D" strings, enums their names.
/// </remarks>
public ref struct JsonLineWriter
{
    private readonly Utf8JsonWriter _writer;

    /// <summary>Writes properties with <paramref name="writer"/>, which must be inside an object.</summary>
    public JsonLineWriter(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Writes a JSON <c>true</c> or <c>false</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteBoolean(ReadOnlySpan<byte> utf8Name, bool value) => _writer.WriteBoolean(utf8Name, value);

    /// <summary>Writes a <see cref="byte"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteByte(ReadOnlySpan<byte> utf8Name, byte value) => _writer.WriteNumber(utf8Name, (uint)value);

    /// <summary>Writes an <see cref="sbyte"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteSByte(ReadOnlySpan<byte> utf8Name, sbyte value) => _writer.WriteNumber(utf8Name, (int)value);

    /// <summary>Writes a <see cref="short"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteInt16(ReadOnlySpan<byte> utf8Name, short value) => _writer.WriteNumber(utf8Name, (int)value);

    /// <summary>Writes a <see cref="ushort"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteUInt16(ReadOnlySpan<byte> utf8Name, ushort value) => _writer.WriteNumber(utf8Name, (uint)value);

    /// <summary>Writes an <see cref="int"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteInt32(ReadOnlySpan<byte> utf8Name, int value) => _writer.WriteNumber(utf8Name, value);

    /// <summary>Writes a <see cref="uint"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteUInt32(ReadOnlySpan<byte> utf8Name, uint value) => _writer.WriteNumber(utf8Name, value);

    /// <summary>Writes a <see cref="long"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteInt64(ReadOnlySpan<byte> utf8Name, long value) => _writer.WriteNumber(utf8Name, value);

    /// <summary>Writes a <see cref="ulong"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteUInt64(ReadOnlySpan<byte> utf8Name, ulong value) => _writer.WriteNumber(utf8Name, value);

    /// <summary>Writes a <see cref="float"/> as a JSON number, or NaN/infinity as a string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteSingle(ReadOnlySpan<byte> utf8Name, float value)
    {
        if (float.IsFinite(value))
        {
            _writer.WriteNumber(utf8Name, value);
        }
        else
        {
            WriteNonFinite(utf8Name, value);
        }
    }

    /// <summary>Writes a <see cref="double"/> as a JSON number, or NaN/infinity as a string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteDouble(ReadOnlySpan<byte> utf8Name, double value)
    {
        if (double.IsFinite(value))
        {
            _writer.WriteNumber(utf8Name, value);
        }
        else
        {
            WriteNonFinite(utf8Name, value);
        }
    }

    /// <summary>Writes a <see cref="decimal"/> as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteDecimal(ReadOnlySpan<byte> utf8Name, decimal value) => _writer.WriteNumber(utf8Name, value);

    /// <summary>Writes a one-character JSON string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteChar(ReadOnlySpan<byte> utf8Name, char value) => _writer.WriteString(utf8Name, new ReadOnlySpan<char>(in value));

    /// <summary>Writes a JSON string, or JSON null for <see langword="null"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteString(ReadOnlySpan<byte> utf8Name, string? value)
    {
        if (value is null)
        {
            _writer.WriteNull(utf8Name);
        }
        else
        {
            _writer.WriteString(utf8Name, value);
        }
    }

    /// <summary>Writes a <see cref="DateTime"/> as an ISO 8601 string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteDateTime(ReadOnlySpan<byte> utf8Name, DateTime value) => _writer.WriteString(utf8Name, value);

    /// <summary>Writes a <see cref="DateTimeOffset"/> as an ISO 8601 string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteDateTimeOffset(ReadOnlySpan<byte> utf8Name, DateTimeOffset value) => _writer.WriteString(utf8Name, value);

    /// <summary>Writes a <see cref="Guid"/> as a "D" string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void WriteGuid(ReadOnlySpan<byte> utf8Name, Guid value) => _writer.WriteString(utf8Name, value);

    /// <summary>Writes an enum member as a string holding its name (its number if it has no name).</summary>
    public readonly void WriteEnum<TEnum>(ReadOnlySpan<byte> utf8Name, TEnum value)
        where TEnum : struct, Enum
    {
        Span<char> chars = stackalloc char[128];
        if (Enum.TryFormat(value, chars, out int length))
        {
            _writer.WriteString(utf8Name, chars[..length]);
        }
        else
        {
            _writer.WriteString(utf8Name, value.ToString()); // a long combination of flags: rare, allocates
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void WriteNonFinite(ReadOnlySpan<byte> utf8Name, double value) =>
        _writer.WriteString(utf8Name, double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
}
