using System.Text.Encodings.Web;
using System.Text.Json;
using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>
/// Formats records as JSON Lines (one compact object per line) with the generated
/// <typeparamref name="TFormat"/>. Non-ASCII text is written as is, not escaped. Reuses one
/// <see cref="Utf8JsonWriter"/> for every line: flushed and reset after each object.
/// </summary>
internal sealed class JsonLinesRecordFormatter<T, TFormat> : RecordFormatter<T>
    where TFormat : IJsonLinesFormat<T>
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // the output is data, never HTML
        Indented = false,
    };

    private readonly Utf8JsonWriter _json;

    public JsonLinesRecordFormatter() => _json = new Utf8JsonWriter(Output, s_writerOptions);

    /// <inheritdoc />
    protected override int Format(ReadOnlySpan<T> records)
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
