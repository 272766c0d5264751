using System.IO.Pipelines;

namespace CompiledFlow;

/// <summary>
/// One write of a file sink: formats each batch into an <see cref="AtomicFile"/> (the record
/// loop lives in <see cref="Write"/>, one virtual call per batch) and commits or aborts the file.
/// </summary>
internal abstract class FileSinkWriter<T> : ISinkWriter<T>
{
    private readonly AtomicFile _file;

    /// <summary>Starts the temporary file for <paramref name="path"/>.</summary>
    protected FileSinkWriter(string path) => _file = new AtomicFile(path);

    /// <summary>Where the formatted bytes go.</summary>
    protected PipeWriter Output => _file.Output;

    /// <summary>Formats every record of <paramref name="batch"/> into <see cref="Output"/>.</summary>
    protected abstract void Write(ReadOnlySpan<T> batch);

    /// <inheritdoc />
    public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
    {
        Write(batch.Span);
        return _file.FlushIfFullAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(CancellationToken cancellationToken) => _file.CommitAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
