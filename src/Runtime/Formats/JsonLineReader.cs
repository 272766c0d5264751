using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace CompiledFlow.Formats;

/// <summary>
/// Reads one JSON object from one line through <see cref="Utf8JsonReader"/>, in the order the
/// generated <see cref="IJsonLinesFormat{T}.TryRead"/> drives it: <see cref="TryBeginObject"/>,
/// then <see cref="NextProperty"/> / <see cref="NameIs"/> / a <c>TryRead…</c> or
/// <see cref="TrySkipValue"/> per property, then <see cref="TryEnd"/>.
/// </summary>
/// <remarks>
/// Malformed JSON never throws out of this type: the <see cref="JsonException"/> becomes
/// <see cref="Error"/> and <see cref="ErrorColumn"/>. Numbers must be JSON numbers (floating point
/// also takes the strings "NaN", "Infinity" and "-Infinity", as the writer writes them); dates and
/// GUIDs are JSON strings; enums are names (case-insensitive) or numbers; JSON null is accepted
/// only for strings. Only <see cref="TryReadString"/> and the error path allocate.
/// </remarks>
public ref struct JsonLineReader
{
    private Utf8JsonReader _reader;
    private readonly bool _blank; // Utf8JsonReader throws on a line without tokens; say so plainly
    private string? _error;
    private int _errorColumn;

    /// <summary>Reads <paramref name="line"/>, one UTF-8 line without its newline.</summary>
    public JsonLineReader(ReadOnlySpan<byte> line)
    {
        _reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        _blank = line.IndexOfAnyExcept(" \t\r\n"u8) < 0;
        _error = null;
        _errorColumn = 0;
    }

    /// <summary>Why the line could not be read; null while all is well.</summary>
    public readonly string? Error => _error;

    /// <summary>The 1-based byte column of the problem; 0 while all is well.</summary>
    public readonly int ErrorColumn => _errorColumn;

    /// <summary>True once a read has failed.</summary>
    public readonly bool HasError => _error is not null;

    /// <summary>Reads the start of the object; fails if the line is not a JSON object.</summary>
    public bool TryBeginObject()
    {
        if (_blank)
        {
            return Fail("the line is not a JSON object: it is empty", 1);
        }
        if (!TryRead())
        {
            return _error is null && Fail("the line is not a JSON object: it is empty");
        }
        return _reader.TokenType == JsonTokenType.StartObject || FailNotObject();
    }

    /// <summary>
    /// Moves to the next property name; false at the end of the object or on an error (tell them
    /// apart with <see cref="HasError"/>).
    /// </summary>
    public bool NextProperty()
    {
        if (_error is not null || !TryRead())
        {
            return false;
        }
        return _reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>True if the current property's name is <paramref name="utf8Name"/> (escapes in the JSON are decoded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool NameIs(ReadOnlySpan<byte> utf8Name) => _reader.ValueTextEquals(utf8Name);

    /// <summary>Skips the current property's value, however deeply nested.</summary>
    public bool TrySkipValue()
    {
        if (_error is not null)
        {
            return false;
        }
        try
        {
            _reader.Skip();
            return true;
        }
        catch (JsonException e)
        {
            return FailJson(e);
        }
    }

    /// <summary>True if only whitespace follows the object; otherwise sets the error.</summary>
    public bool TryEnd()
    {
        if (_error is not null)
        {
            return false;
        }
        return !TryRead() ? _error is null : Fail("only whitespace may follow the object");
    }

    /// <summary>Sets <see cref="Error"/> (if none is set yet) at the current token and returns false.</summary>
    public bool Fail(string reason) => Fail(reason, (int)_reader.TokenStartIndex + 1);

    /// <summary>Reads a JSON <c>true</c> or <c>false</c>.</summary>
    public bool TryReadBoolean(string field, out bool value)
    {
        value = false;
        if (!TryRead())
        {
            return false;
        }
        switch (_reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                return true;
            default:
                return FailValue(field, "Boolean");
        }
    }

    /// <summary>Reads a JSON number as a <see cref="byte"/>.</summary>
    public bool TryReadByte(string field, out byte value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetByte(out value)) || FailValue(field, "Byte");
    }

    /// <summary>Reads a JSON number as an <see cref="sbyte"/>.</summary>
    public bool TryReadSByte(string field, out sbyte value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetSByte(out value)) || FailValue(field, "SByte");
    }

    /// <summary>Reads a JSON number as a <see cref="short"/>.</summary>
    public bool TryReadInt16(string field, out short value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetInt16(out value)) || FailValue(field, "Int16");
    }

    /// <summary>Reads a JSON number as a <see cref="ushort"/>.</summary>
    public bool TryReadUInt16(string field, out ushort value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetUInt16(out value)) || FailValue(field, "UInt16");
    }

    /// <summary>Reads a JSON number as an <see cref="int"/>.</summary>
    public bool TryReadInt32(string field, out int value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetInt32(out value)) || FailValue(field, "Int32");
    }

    /// <summary>Reads a JSON number as a <see cref="uint"/>.</summary>
    public bool TryReadUInt32(string field, out uint value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetUInt32(out value)) || FailValue(field, "UInt32");
    }

    /// <summary>Reads a JSON number as a <see cref="long"/>.</summary>
    public bool TryReadInt64(string field, out long value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetInt64(out value)) || FailValue(field, "Int64");
    }

    /// <summary>Reads a JSON number as a <see cref="ulong"/>.</summary>
    public bool TryReadUInt64(string field, out ulong value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetUInt64(out value)) || FailValue(field, "UInt64");
    }

    /// <summary>Reads a JSON number (or "NaN", "Infinity", "-Infinity") as a <see cref="float"/>.</summary>
    public bool TryReadSingle(string field, out float value)
    {
        value = default;
        if (TryReadNumber())
        {
            return _reader.TryGetSingle(out value) || FailValue(field, "Single");
        }
        if (_error is null && TryNamedFloat(out double named))
        {
            value = (float)named;
            return true;
        }
        return FailValue(field, "Single");
    }

    /// <summary>Reads a JSON number (or "NaN", "Infinity", "-Infinity") as a <see cref="double"/>.</summary>
    public bool TryReadDouble(string field, out double value)
    {
        value = default;
        if (TryReadNumber())
        {
            return _reader.TryGetDouble(out value) || FailValue(field, "Double");
        }
        return (_error is null && TryNamedFloat(out value)) || FailValue(field, "Double");
    }

    /// <summary>Reads a JSON number as a <see cref="decimal"/>.</summary>
    public bool TryReadDecimal(string field, out decimal value)
    {
        value = default;
        return (TryReadNumber() && _reader.TryGetDecimal(out value)) || FailValue(field, "Decimal");
    }

    /// <summary>Reads a JSON string of exactly one UTF-16 character.</summary>
    public bool TryReadChar(string field, out char value)
    {
        value = default;
        if (!TryReadToken(JsonTokenType.String) || _reader.ValueSpan.Length > 16)
        {
            return FailValue(field, "Char");
        }
        Span<char> chars = stackalloc char[16]; // unescaped text is never longer than its UTF-8
        if (_reader.CopyString(chars) != 1)
        {
            return FailValue(field, "Char");
        }
        value = chars[0];
        return true;
    }

    /// <summary>Reads a JSON string, or JSON null as <see langword="null"/>. This is the one read that allocates.</summary>
    public bool TryReadString(string field, out string? value)
    {
        value = null;
        if (!TryRead())
        {
            return false;
        }
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (_reader.TokenType != JsonTokenType.String)
        {
            return FailValue(field, "String");
        }
        try
        {
            value = _reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return Fail($"property '{field}': the string is not valid UTF-8");
        }
    }

    /// <summary>Reads a JSON string in ISO 8601 format as a <see cref="DateTime"/>.</summary>
    public bool TryReadDateTime(string field, out DateTime value)
    {
        value = default;
        return (TryReadToken(JsonTokenType.String) && _reader.TryGetDateTime(out value)) || FailValue(field, "DateTime");
    }

    /// <summary>Reads a JSON string in ISO 8601 format as a <see cref="DateTimeOffset"/>.</summary>
    public bool TryReadDateTimeOffset(string field, out DateTimeOffset value)
    {
        value = default;
        return (TryReadToken(JsonTokenType.String) && _reader.TryGetDateTimeOffset(out value)) || FailValue(field, "DateTimeOffset");
    }

    /// <summary>Reads a JSON string in the "D" format as a <see cref="Guid"/>.</summary>
    public bool TryReadGuid(string field, out Guid value)
    {
        value = default;
        return (TryReadToken(JsonTokenType.String) && _reader.TryGetGuid(out value)) || FailValue(field, "Guid");
    }

    /// <summary>Reads an enum member from a JSON string (its name, case-insensitive) or a JSON number.</summary>
    public bool TryReadEnum<TEnum>(string field, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (!TryRead())
        {
            return false;
        }
        Span<char> chars = stackalloc char[128];
        int length;
        ReadOnlySpan<byte> raw = _reader.ValueSpan;
        if (raw.Length > chars.Length)
        {
            return FailValue(field, typeof(TEnum).Name);
        }
        if (_reader.TokenType == JsonTokenType.String)
        {
            length = _reader.CopyString(chars);
        }
        else if (_reader.TokenType == JsonTokenType.Number)
        {
            length = Encoding.UTF8.GetChars(raw, chars);
        }
        else
        {
            return FailValue(field, typeof(TEnum).Name);
        }
        return Enum.TryParse(chars[..length], ignoreCase: true, out value) || FailValue(field, typeof(TEnum).Name);
    }

    /// <summary>Moves to the next token; false at the end of the line or on malformed JSON (then with an error).</summary>
    private bool TryRead()
    {
        try
        {
            return _reader.Read();
        }
        catch (JsonException e)
        {
            return FailJson(e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadToken(JsonTokenType type) => _error is null && TryRead() && _reader.TokenType == type;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadNumber() => TryReadToken(JsonTokenType.Number);

    /// <summary>The current token is not a number: a string "NaN", "Infinity" or "-Infinity" still is one.</summary>
    private readonly bool TryNamedFloat(out double value)
    {
        value = 0;
        if (_reader.TokenType != JsonTokenType.String || _reader.ValueIsEscaped)
        {
            return false;
        }
        ReadOnlySpan<byte> text = _reader.ValueSpan;
        if (text.SequenceEqual("NaN"u8))
        {
            value = double.NaN;
        }
        else if (text.SequenceEqual("Infinity"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (text.SequenceEqual("-Infinity"u8))
        {
            value = double.NegativeInfinity;
        }
        else
        {
            return false;
        }
        return true;
    }

    /// <summary>The current token is not a valid <paramref name="typeName"/>; keeps an earlier JSON error if there is one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FailValue(string field, string typeName)
    {
        if (_error is not null)
        {
            return false;
        }
        if (_reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.None)
        {
            return Fail($"property '{field}': the value is missing");
        }
        return Fail($"property '{field}': {DescribeToken()} is not a valid {typeName}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FailNotObject() => Fail($"the line is not a JSON object: it starts with {DescribeToken()}");

    private readonly string DescribeToken() => _reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "\"" + FormatText.Show(_reader.ValueSpan) + "\"",
        JsonTokenType.EndObject => "the end of the object",
        JsonTokenType.EndArray => "the end of an array",
        _ => FormatText.Show(_reader.ValueSpan), // numbers, true, false, null
    };

    /// <summary>Turns the reader's exception into the error, at its byte position on the line.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FailJson(JsonException e)
    {
        string message = e.Message;
        int where = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (where > 0)
        {
            message = message[..where];
        }
        int column = e.BytePositionInLine is long position ? (int)Math.Min(position + 1, int.MaxValue) : (int)_reader.BytesConsumed + 1;
        return Fail(string.Create(CultureInfo.InvariantCulture, $"invalid JSON: {message}"), column);
    }

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
}
