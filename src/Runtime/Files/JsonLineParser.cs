using System.Runtime.CompilerServices;
using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>Parses a JSON Lines line with the generated <typeparamref name="TFormat"/>; only whitespace may follow the object.</summary>
internal readonly struct JsonLineParser<T, TFormat> : ILineParser<T>
    where TFormat : IJsonLinesFormat<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryParse(ReadOnlySpan<byte> line, out T value, out string? error, out int column)
    {
        var reader = new JsonLineReader(line);
        if (TFormat.TryRead(ref reader, out value) && reader.TryEnd())
        {
            error = null;
            column = 0;
            return true;
        }
        error = reader.Error ?? LineParsing.NoErrorGiven;
        column = Math.Max(reader.ErrorColumn, 1);
        return false;
    }
}
