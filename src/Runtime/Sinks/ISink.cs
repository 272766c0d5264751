namespace CompiledFlow;

/// <summary>
/// Where a job's output records go. A sink is a description; <see cref="Open"/> starts one write.
/// </summary>
public interface ISink<T>
{
    /// <summary>Starts writing. The job commits the writer when the input is complete, then disposes it.</summary>
    ISinkWriter<T> Open();
}

/// <summary>
/// One write to a sink. Lifecycle: <see cref="WriteBatchAsync"/> for every output batch, then
/// <see cref="CommitAsync"/> once when the job has completed, then <c>DisposeAsync</c>. Output is
/// visible to readers only after commit; disposing an uncommitted writer aborts: it removes what
/// it wrote (a failed job leaves no partial files).
/// </summary>
public interface ISinkWriter<T> : IAsyncDisposable
{
    /// <summary>Writes one batch. The memory is only valid during the call.</summary>
    ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken);

    /// <summary>Makes everything written visible, atomically where the sink can.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);
}
