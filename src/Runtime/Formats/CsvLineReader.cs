using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace CompiledFlow.Formats;

/// <summary>
/// Reads the fields of one CSV line (RFC 4180: comma separator; a field may be double-quoted, with
/// <c>""</c> for a quote inside it, and may then hold commas) straight from UTF-8, one field per
/// call, in column order. Generated <see cref="ICsvFormat{T}.TryRead"/> methods call one
/// <c>TryRead…</c> per column; only <see cref="TryReadString"/> and the error path allocate.
/// </summary>
/// <remarks>
/// Parsing is strict and culture-invariant: numbers accept a leading sign, a decimal point and an
/// exponent (floating point and decimal only) but no spaces around them, no thousands separators
/// and no currency symbols. A quote inside an unquoted field is taken literally. The first error
/// is kept in <see cref="Error"/> and <see cref="ErrorColumn"/>; the caller stops at the first
/// <see langword="false"/>. The line must not include its newline; fields spanning lines are not
/// supported (the file source splits lines on '\n').
/// </remarks>
public ref struct CsvLineReader
{
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private readonly ReadOnlySpan<byte> _line;
    private int _next;      // byte offset of the next field, or -1 when none is left
    private int _fields;    // fields read so far
    private string? _error;
    private int _errorColumn;

    /// <summary>Reads the fields of <paramref name="line"/>, one UTF-8 line without its newline.</summary>
    public CsvLineReader(ReadOnlySpan<byte> line)
    {
        _line = line;
        _next = 0;
        _fields = 0;
        _error = null;
        _errorColumn = 0;
    }

    /// <summary>Why the line could not be read, naming the field and the bad text; null while all is well.</summary>
    public readonly string? Error => _error;

    /// <summary>The 1-based byte column where the bad field starts; 0 while all is well.</summary>
    public readonly int ErrorColumn => _errorColumn;

    /// <summary>True once a read has failed.</summary>
    public readonly bool HasError => _error is not null;

    /// <summary>How many fields have been read so far.</summary>
    public readonly int FieldsRead => _fields;

    /// <summary>Reads the next field as <c>true</c> or <c>false</c> (case-insensitive).</summary>
    public bool TryReadBoolean(string field, out bool value)
    {
        if (!TryNextField(field, out ReadOnlySpan<byte> text, out int start, out _))
        {
            value = false;
            return false;
        }
        if (Ascii.EqualsIgnoreCase(text, "true"u8))
        {
            value = true;
            return true;
        }
        value = false;
        return Ascii.EqualsIgnoreCase(text, "false"u8) || FailInvalid(field, text, start, "Boolean");
    }

    /// <summary>Reads the next field as a <see cref="byte"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadByte(string field, out byte value) => TryReadNumber(field, IntegerStyle, "Byte", out value);

    /// <summary>Reads the next field as an <see cref="sbyte"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadSByte(string field, out sbyte value) => TryReadNumber(field, IntegerStyle, "SByte", out value);

    /// <summary>Reads the next field as a <see cref="short"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt16(string field, out short value) => TryReadNumber(field, IntegerStyle, "Int16", out value);

    /// <summary>Reads the next field as a <see cref="ushort"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadUInt16(string field, out ushort value) => TryReadNumber(field, IntegerStyle, "UInt16", out value);

    /// <summary>Reads the next field as an <see cref="int"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt32(string field, out int value) => TryReadNumber(field, IntegerStyle, "Int32", out value);

    /// <summary>Reads the next field as a <see cref="uint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadUInt32(string field, out uint value) => TryReadNumber(field, IntegerStyle, "UInt32", out value);

    /// <summary>Reads the next field as a <see cref="long"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt64(string field, out long value) => TryReadNumber(field, IntegerStyle, "Int64", out value);

    /// <summary>Reads the next field as a <see cref="ulong"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadUInt64(string field, out ulong value) => TryReadNumber(field, IntegerStyle, "UInt64", out value);

    /// <summary>Reads the next field as a <see cref="float"/> (also <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadSingle(string field, out float value) => TryReadNumber(field, FloatStyle, "Single", out value);

    /// <summary>Reads the next field as a <see cref="double"/> (also <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadDouble(string field, out double value) => TryReadNumber(field, FloatStyle, "Double", out value);

    /// <summary>Reads the next field as a <see cref="decimal"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadDecimal(string field, out decimal value) => TryReadNumber(field, FloatStyle, "Decimal", out value);

    /// <summary>Reads the next field as exactly one UTF-16 character.</summary>
    public bool TryReadChar(string field, out char value)
    {
        value = default;
        if (!TryNextField(field, out ReadOnlySpan<byte> text, out int start, out bool escaped))
        {
            return false;
        }
        if (escaped)
        {
            // The only one-character field with escapes is a quote, written as """".
            if (text.Length == 2)
            {
                value = '"';
                return true;
            }
            return FailInvalid(field, text, start, "Char");
        }
        if (Rune.DecodeFromUtf8(text, out Rune rune, out int consumed) == System.Buffers.OperationStatus.Done
            && consumed == text.Length && rune.IsBmp)
        {
            value = (char)rune.Value;
            return true;
        }
        return FailInvalid(field, text, start, "Char");
    }

    /// <summary>Reads the next field as text; an empty field is <c>""</c>. This is the one read that allocates.</summary>
    public bool TryReadString(string field, [MaybeNullWhen(false)] out string value)
    {
        if (!TryNextField(field, out ReadOnlySpan<byte> text, out _, out bool escaped))
        {
            value = null;
            return false;
        }
        value = text.IsEmpty ? string.Empty
            : escaped ? Unescape(text)
            : Encoding.UTF8.GetString(text);
        return true;
    }

    /// <summary>
    /// Reads the next field as a <see cref="DateTime"/>: round-trip "O" format preferred; anything
    /// <see cref="DateTime.TryParse(ReadOnlySpan{char}, IFormatProvider?, DateTimeStyles, out DateTime)"/>
    /// accepts with the invariant culture and <see cref="DateTimeStyles.RoundtripKind"/> is accepted.
    /// </summary>
    public bool TryReadDateTime(string field, out DateTime value)
    {
        value = default;
        if (!TryNextField(field, out ReadOnlySpan<byte> text, out int start, out _))
        {
            return false;
        }
        Span<char> chars = stackalloc char[MaxDateChars];
        return (TryWiden(text, chars, out int length)
                && DateTime.TryParse(chars[..length], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value))
            || FailInvalid(field, text, start, "DateTime");
    }

    /// <summary>
    /// Reads the next field as a <see cref="DateTimeOffset"/>: round-trip "O" format preferred; a
    /// time without an offset is taken as UTC.
    /// </summary>
    public bool TryReadDateTimeOffset(string field, out DateTimeOffset value)
    {
        value = default;
        if (!TryNextField(field, out ReadOnlySpan<byte> text, out int start, out _))
        {
            return false;
        }
        Span<char> chars = stackalloc char[MaxDateChars];
        return (TryWiden(text, chars, out int length)
                && DateTimeOffset.TryParse(chars[..length], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
            || FailInvalid(field, text, start, "DateTimeOffset");
    }

    /// <summary>Reads the next field as a <see cref="Guid"/> in any format <see cref="Guid.TryParse(ReadOnlySpan{byte}, out Guid)"/> accepts.</summary>
    public bool TryReadGuid(string field, out Guid value)
    {
        value = default;
        if (!TryNextField(field, out ReadOnlySpan<byte> text, out int start, out _))
        {
            return false;
        }
        return Guid.TryParse(text, out value) || FailInvalid(field, text, start, "Guid");
    }

    /// <summary>Reads the next field as an enum member by name (case-insensitive) or by number.</summary>
    public bool TryReadEnum<TEnum>(string field, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (!TryNextField(field, out ReadOnlySpan<byte> text, out int start, out _))
        {
            return false;
        }
        Span<char> chars = stackalloc char[MaxEnumChars];
        return (TryWiden(text, chars, out int length) && Enum.TryParse(chars[..length], ignoreCase: true, out value))
            || FailInvalid(field, text, start, typeof(TEnum).Name);
    }

    /// <summary>True if every field has been read; otherwise sets the error "the line has more than N fields".</summary>
    public bool TryReadEnd()
    {
        if (_next < 0 || _error is not null)
        {
            return _error is null;
        }
        return Fail($"the line has more than {_fields} {Fields(_fields)}", _next + 1);
    }

    /// <summary>Sets <see cref="Error"/> (if none is set yet) at the start of the next field and returns false.</summary>
    public bool Fail(string reason) => Fail(reason, _next < 0 ? _line.Length + 1 : _next + 1);

    /// <summary>Parses the next field with a number type's UTF-8 parser; no string is created.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadNumber<TNumber>(string field, NumberStyles style, string typeName, out TNumber value)
        where TNumber : struct, INumberBase<TNumber>
    {
        if (TryNextField(field, out ReadOnlySpan<byte> text, out int start, out _)
            && TNumber.TryParse(text, style, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        value = default;
        return _error is null && FailInvalid(field, text, start, typeName);
    }

    /// <summary>
    /// Moves past the next field. <paramref name="text"/> is its content (inside the quotes for a
    /// quoted field, <c>""</c> not yet unescaped: <paramref name="escaped"/> says whether any is).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryNextField(string field, out ReadOnlySpan<byte> text, out int start, out bool escaped)
    {
        start = _next;
        escaped = false;
        if (start < 0 || _error is not null)
        {
            text = default;
            return _error is null && FailMissing(field);
        }

        ReadOnlySpan<byte> rest = _line[start..];
        if (!rest.IsEmpty && rest[0] == (byte)'"')
        {
            return TryQuotedField(field, rest, out text, out escaped);
        }

        int comma = rest.IndexOf((byte)',');
        if (comma < 0)
        {
            text = rest;
            _next = -1;
        }
        else
        {
            text = rest[..comma];
            _next = start + comma + 1;
        }
        _fields++;
        return true;
    }

    private bool TryQuotedField(string field, ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> text, out bool escaped)
    {
        int start = _next;
        escaped = false;
        int i = 1;
        while (true)
        {
            int quote = rest[i..].IndexOf((byte)'"');
            if (quote < 0)
            {
                text = default;
                return Fail($"field '{field}': the quoted field has no closing quote", start + 1);
            }
            i += quote;
            if (i + 1 < rest.Length && rest[i + 1] == (byte)'"')
            {
                escaped = true;
                i += 2;
                continue;
            }
            break;
        }

        text = rest[1..i]; // i is the closing quote
        int after = i + 1;
        if (after == rest.Length)
        {
            _next = -1;
        }
        else if (rest[after] == (byte)',')
        {
            _next = start + after + 1;
        }
        else
        {
            return Fail($"field '{field}': unexpected '{(char)rest[after]}' after the closing quote (a field must end at a comma)", start + after + 1);
        }
        _fields++;
        return true;
    }

    private const int MaxDateChars = 64;
    private const int MaxEnumChars = 128;

    /// <summary>Copies ASCII-or-not UTF-8 into chars for parsers that only take chars; false if too long.</summary>
    private static bool TryWiden(ReadOnlySpan<byte> text, Span<char> chars, out int length)
    {
        if (text.Length > chars.Length)
        {
            length = 0;
            return false;
        }
        return System.Text.Unicode.Utf8.ToUtf16(text, chars, out _, out length, replaceInvalidSequences: true)
            == System.Buffers.OperationStatus.Done;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Unescape(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text).Replace("\"\"", "\"", StringComparison.Ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FailMissing(string field) =>
        Fail($"missing field '{field}': the line has only {_fields} {Fields(_fields)}", _line.Length + 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FailInvalid(string field, ReadOnlySpan<byte> text, int start, string typeName) =>
        Fail($"field '{field}': '{FormatText.Show(text)}' is not a valid {typeName}", start + 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Fail(string reason, int column)
    {
        if (_error is null)
        {
            _error = reason;
            _errorColumn = column;
        }
        return false;
    }

    private static string Fields(int count) => count == 1 ? "field" : "fields";
}
