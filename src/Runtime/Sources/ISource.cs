namespace CompiledFlow;

/// <summary>
/// Where a job's records come from. A source is a description; <see cref="Open"/> starts one read
/// of it. Bounded sources end; unbounded ones keep producing until cancelled.
/// </summary>
public interface ISource<T>
{
    /// <summary>Starts reading. The job disposes the reader when it ends.</summary>
    ISourceReader<T> Open();
}

/// <summary>
/// One read of a source, batch by batch. Lifecycle: the job calls <see cref="ReadBatchAsync"/>
/// until it returns an empty batch (end of a bounded input), then disposes the reader.
/// </summary>
public interface ISourceReader<T> : IAsyncDisposable
{
    /// <summary>
    /// Returns the next batch of at most <paramref name="maxCount"/> records, or an empty batch at
    /// the end of the input. The memory stays valid until the next call: the reader may reuse it.
    /// </summary>
    ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken);
}
