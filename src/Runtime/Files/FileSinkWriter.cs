namespace CompiledFlow;

/// <summary>
/// One write of a file sink: formats records into an <see cref="AtomicFile"/> and commits or
/// aborts it. The record loop lives in <see cref="Write"/> (one virtual call per batch, or per
/// 64 KiB of output when a batch is larger), which stops as soon as the buffer
/// <see cref="IsFull"/> so the buffer stays small whatever the batch size.
/// </summary>
internal abstract class FileSinkWriter<T> : ISinkWriter<T>
{
    private readonly AtomicFile _file;

    /// <summary>Starts the temporary file for <paramref name="path"/>.</summary>
    protected FileSinkWriter(string path) => _file = new AtomicFile(path);

    /// <summary>Where the formatted bytes go.</summary>
    protected PooledBufferWriter Output => _file.Output;

    /// <summary>True when <see cref="Write"/> should return so the bytes can go to the file.</summary>
    protected bool IsFull => _file.IsFull;

    /// <summary>Formats records from the start of <paramref name="records"/> until they are all written or <see cref="IsFull"/>; returns how many were written.</summary>
    protected abstract int Write(ReadOnlySpan<T> records);

    /// <inheritdoc />
    public async ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
    {
        while (!batch.IsEmpty)
        {
            batch = batch[Write(batch.Span)..];
            if (IsFull)
            {
                await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(CancellationToken cancellationToken) => _file.CommitAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
