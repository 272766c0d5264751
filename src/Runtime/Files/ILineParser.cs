namespace CompiledFlow;

/// <summary>
/// Turns one line into one record for <see cref="FileSourceReader{T, TParser}"/>. Implemented by
/// structs, so the reader, generic over the parser, calls it directly for every line.
/// </summary>
internal interface ILineParser<T>
{
    /// <summary>Parses <paramref name="line"/> (no newline, no CR); on false, says why and at which 1-based column.</summary>
    bool TryParse(ReadOnlySpan<byte> line, out T value, out string? error, out int column);
}
