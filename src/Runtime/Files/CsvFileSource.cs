using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>
/// A bounded source reading a UTF-8 CSV file, one record per line, with the generated
/// <typeparamref name="TFormat"/>. See <see cref="FileSourceOptions"/> for the header and for
/// what happens to bad lines. Fields holding line breaks are not supported.
/// Restorable: a checkpointed job restarts it at the byte offset of the next line to read.
/// </summary>
public sealed class CsvFileSource<T, TFormat> : IRestorableSource<T>
    where TFormat : ICsvFormat<T>
{
    private readonly FileSourceOptions _options;

    /// <summary>Reads <paramref name="path"/> each time the source is opened.</summary>
    public CsvFileSource(string path, FileSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _options = options ?? FileSourceOptions.Default;
        _options.Validate();
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ISourceReader<T> Open() => Open(0);

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="position"/> is the byte offset of the next line to read. A position past the
    /// end of the file or inside a line (the file changed since the checkpoint) is a
    /// <see cref="CheckpointException"/>.
    /// </remarks>
    public ISourceReader<T> Open(long position) =>
        new FileSourceReader<T, CsvLineParser<T, TFormat>>(Path, _options, _options.HasHeader ? TFormat.Header : null, position);
}
