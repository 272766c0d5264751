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
    public ISinkWriter<T> Open() => new FileSinkWriter<T>(new AtomicFile(Path), new JsonLinesRecordFormatter<T, TFormat>());
}
