using System.Runtime.CompilerServices;
using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>Parses a CSV line with the generated <typeparamref name="TFormat"/>; extra fields are an error.</summary>
internal readonly struct CsvLineParser<T, TFormat> : ILineParser<T>
    where TFormat : ICsvFormat<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryParse(ReadOnlySpan<byte> line, out T value, out string? error, out int column)
    {
        var fields = new CsvLineReader(line);
        if (TFormat.TryRead(ref fields, out value) && fields.TryReadEnd())
        {
            error = null;
            column = 0;
            return true;
        }
        error = fields.Error ?? LineParsing.NoErrorGiven;
        column = Math.Max(fields.ErrorColumn, 1);
        return false;
    }
}
