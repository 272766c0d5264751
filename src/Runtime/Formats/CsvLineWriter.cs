using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CompiledFlow.Formats;

/// <summary>
/// Writes the fields of CSV lines straight into an <see cref="IBufferWriter{T}"/> of UTF-8 bytes:
/// one <c>Write…</c> call per column in order (the writer puts the commas), then
/// <see cref="EndLine"/>. Numbers are formatted in place with the invariant culture (floating
/// point as the shortest text that round-trips, dates in the round-trip "O" format); no string is
/// created per field.
/// </summary>
/// <remarks>
/// Text is quoted when it holds a comma, a quote, CR or LF, with quotes doubled (RFC 4180). A null
/// string is written as an empty field and reads back as <c>""</c>. An empty text in the first
/// column is written as <c>""</c> so that a one-column line is never blank (the file source skips
/// blank lines). Lines end with "\n".
/// </remarks>
public ref struct CsvLineWriter
{
    private const int MaxScalarBytes = 64; // the longest formatted scalar ("O" DateTimeOffset) is 33 bytes
    private static readonly SearchValues<char> s_needsQuotes = SearchValues.Create(",\"\r\n");

    private readonly IBufferWriter<byte> _output;
    private int _fields; // fields written on the current line

    /// <summary>Writes lines into <paramref name="output"/>.</summary>
    public CsvLineWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _fields = 0;
    }

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    public void WriteBoolean(bool value)
    {
        Span<byte> span = BeginField(5, out int at);
        ReadOnlySpan<byte> text = value ? "true"u8 : "false"u8;
        text.CopyTo(span[at..]);
        _output.Advance(at + text.Length);
        _fields++;
    }

    /// <summary>Writes a <see cref="byte"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value) => WriteFormattable(value, default);

    /// <summary>Writes an <see cref="sbyte"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSByte(sbyte value) => WriteFormattable(value, default);

    /// <summary>Writes a <see cref="short"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt16(short value) => WriteFormattable(value, default);

    /// <summary>Writes a <see cref="ushort"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt16(ushort value) => WriteFormattable(value, default);

    /// <summary>Writes an <see cref="int"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int value) => WriteFormattable(value, default);

    /// <summary>Writes a <see cref="uint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt32(uint value) => WriteFormattable(value, default);

    /// <summary>Writes a <see cref="long"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt64(long value) => WriteFormattable(value, default);

    /// <summary>Writes a <see cref="ulong"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt64(ulong value) => WriteFormattable(value, default);

    /// <summary>Writes a <see cref="float"/> as the shortest text that reads back to the same value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSingle(float value) => WriteFormattable(value, "R");

    /// <summary>Writes a <see cref="double"/> as the shortest text that reads back to the same value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value) => WriteFormattable(value, "R");

    /// <summary>Writes a <see cref="decimal"/>, keeping its scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDecimal(decimal value) => WriteFormattable(value, default);

    /// <summary>Writes one character, quoted if needed.</summary>
    public void WriteChar(char value) => WriteText(new ReadOnlySpan<char>(in value));

    /// <summary>Writes text, quoted if it holds a comma, a quote, CR or LF; null is an empty field.</summary>
    public void WriteString(string? value) => WriteText(value);

    /// <summary>Writes a <see cref="DateTime"/> in the round-trip "O" format.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDateTime(DateTime value) => WriteFormattable(value, "O");

    /// <summary>Writes a <see cref="DateTimeOffset"/> in the round-trip "O" format.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDateTimeOffset(DateTimeOffset value) => WriteFormattable(value, "O");

    /// <summary>Writes a <see cref="Guid"/> as 32 hex digits with hyphens ("D").</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteGuid(Guid value) => WriteFormattable(value, "D");

    /// <summary>Writes an enum member by name (a number if the value has no name).</summary>
    public void WriteEnum<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        Span<char> chars = stackalloc char[128];
        if (Enum.TryFormat(value, chars, out int length))
        {
            WriteText(chars[..length]);
        }
        else
        {
            WriteText(value.ToString()); // a long combination of flags: rare, allocates
        }
    }

    /// <summary>Ends the current line with "\n"; the next write starts a new line.</summary>
    public void EndLine()
    {
        _output.GetSpan(1)[0] = (byte)'\n';
        _output.Advance(1);
        _fields = 0;
    }

    /// <summary>
    /// Gets room for the separator and <paramref name="size"/> bytes and writes the separator;
    /// the field goes at <paramref name="at"/>, and one <c>Advance(at + written)</c> ends it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly Span<byte> BeginField(int size, out int at)
    {
        Span<byte> span = _output.GetSpan(size + 1);
        if (_fields == 0)
        {
            at = 0;
        }
        else
        {
            span[0] = (byte)',';
            at = 1;
        }
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteFormattable<TValue>(TValue value, ReadOnlySpan<char> format)
        where TValue : IUtf8SpanFormattable
    {
        Span<byte> span = BeginField(MaxScalarBytes, out int at);
        if (!value.TryFormat(span[at..], out int written, format, CultureInfo.InvariantCulture))
        {
            WriteFormattableLong(value, format);
            return;
        }
        _output.Advance(at + written);
        _fields++;
    }

    /// <summary>Asks for ever more room until the value fits; never needed for the scalars above.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteFormattableLong<TValue>(TValue value, ReadOnlySpan<char> format)
        where TValue : IUtf8SpanFormattable
    {
        for (int size = MaxScalarBytes * 4; ; size *= 2)
        {
            Span<byte> span = BeginField(size, out int at);
            if (value.TryFormat(span[at..], out int written, format, CultureInfo.InvariantCulture))
            {
                _output.Advance(at + written);
                _fields++;
                return;
            }
        }
    }

    private void WriteText(scoped ReadOnlySpan<char> text)
    {
        if (text.ContainsAny(s_needsQuotes) || (text.IsEmpty && _fields == 0))
        {
            WriteQuoted(text);
            return;
        }
        Span<byte> span = BeginField(Encoding.UTF8.GetByteCount(text), out int at);
        _output.Advance(at + Encoding.UTF8.GetBytes(text, span[at..]));
        _fields++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteQuoted(scoped ReadOnlySpan<char> text)
    {
        int quotes = text.Count('"');
        int length = Encoding.UTF8.GetByteCount(text) + quotes + 2;
        Span<byte> span = BeginField(length, out int at);
        span[at++] = (byte)'"';
        while (true)
        {
            int quote = text.IndexOf('"');
            ReadOnlySpan<char> part = quote < 0 ? text : text[..(quote + 1)];
            at += Encoding.UTF8.GetBytes(part, span[at..]);
            if (quote < 0)
            {
                break;
            }
            span[at++] = (byte)'"'; // double the quote just written
            text = text[(quote + 1)..];
        }
        span[at++] = (byte)'"';
        _output.Advance(at);
        _fields++;
    }
}
