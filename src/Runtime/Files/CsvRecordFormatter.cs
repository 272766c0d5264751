using System.Text;
using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>Formats records as CSV lines with the generated <typeparamref name="TFormat"/>, each file starting with the header when asked.</summary>
internal sealed class CsvRecordFormatter<T, TFormat>(bool writeHeader) : RecordFormatter<T>
    where TFormat : ICsvFormat<T>
{
    /// <inheritdoc />
    public override void BeginFile()
    {
        if (writeHeader)
        {
            string header = TFormat.Header;
            Span<byte> span = Output.GetSpan(Encoding.UTF8.GetMaxByteCount(header.Length) + 1);
            int length = Encoding.UTF8.GetBytes(header, span);
            span[length] = (byte)'\n';
            Output.Advance(length + 1);
        }
    }

    /// <inheritdoc />
    protected override int Format(ReadOnlySpan<T> records)
    {
        var fields = new CsvLineWriter(Output);
        for (int i = 0; i < records.Length; i++)
        {
            TFormat.Write(in records[i], ref fields);
            fields.EndLine();
            if (IsFull)
            {
                return i + 1;
            }
        }
        return records.Length;
    }
}
