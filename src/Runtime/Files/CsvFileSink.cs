using System.Text;
using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>
/// A sink writing records as a UTF-8 CSV file with the generated <typeparamref name="TFormat"/>,
/// header first (see <see cref="FileSinkOptions.WriteHeader"/>). The file appears at its path only
/// on commit, replacing an older one atomically; a failed job leaves no file behind.
/// </summary>
public sealed class CsvFileSink<T, TFormat> : ISink<T>
    where TFormat : ICsvFormat<T>
{
    private readonly FileSinkOptions _options;

    /// <summary>Writes to <paramref name="path"/> each time the sink is opened.</summary>
    public CsvFileSink(string path, FileSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _options = options ?? FileSinkOptions.Default;
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ISinkWriter<T> Open() => new Writer(Path, _options.WriteHeader);

    private sealed class Writer : FileSinkWriter<T>
    {
        public Writer(string path, bool writeHeader)
            : base(path)
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

        protected override int Write(ReadOnlySpan<T> records)
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
}
