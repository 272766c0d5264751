using System.Text.Encodings.Web;
using System.Text.Json;
using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>
/// A sink writing records as a UTF-8 JSON Lines file (one compact object per line) with the
/// generated <typeparamref name="TFormat"/>. Non-ASCII text is written as is, not escaped. The
/// file appears at its path only on commit, replacing an older one atomically; a failed job
/// leaves no file behind.
/// </summary>
public sealed class JsonLinesFileSink<T, TFormat> : ISink<T>
    where TFormat : IJsonLinesFormat<T>
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // the output is data, never HTML
        Indented = false,
    };

    /// <summary>Writes to <paramref name="path"/> each time the sink is opened.</summary>
    public JsonLinesFileSink(string path, FileSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _ = options; // no option applies to JSON Lines yet; taken for symmetry with the CSV sink
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ISinkWriter<T> Open() => new Writer(Path);

    /// <summary>Reuses one <see cref="Utf8JsonWriter"/> for every line: flushed and reset after each object.</summary>
    private sealed class Writer : FileSinkWriter<T>
    {
        private readonly Utf8JsonWriter _json;

        public Writer(string path)
            : base(path) => _json = new Utf8JsonWriter(Output, s_writerOptions);

        protected override int Write(ReadOnlySpan<T> records)
        {
            Utf8JsonWriter json = _json;
            for (int i = 0; i < records.Length; i++)
            {
                json.WriteStartObject();
                var properties = new JsonLineWriter(json);
                TFormat.Write(in records[i], ref properties);
                json.WriteEndObject();
                json.Flush(); // hands the object's bytes to Output, so the newline follows them
                Output.GetSpan(1)[0] = (byte)'\n';
                Output.Advance(1);
                json.Reset(); // back to depth 0 for the next root object, same Output
                if (IsFull)
                {
                    return i + 1;
                }
            }
            return records.Length;
        }
    }
}
