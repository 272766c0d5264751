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
    public ISinkWriter<T> Open() => new FileSinkWriter<T>(new AtomicFile(Path), new CsvRecordFormatter<T, TFormat>(_options.WriteHeader));
}
