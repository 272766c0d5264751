namespace CompiledFlow;

/// <summary>
/// A sink that gives exactly-once output with checkpoints, by two-phase commit (Flink's
/// <c>TwoPhaseCommitSinkFunction</c>). Its writer writes into a pending transaction; at each
/// checkpoint barrier it pre-commits the transaction (makes it durable but invisible) and starts the
/// next; once the checkpoint is stored, the job commits the checkpoint's transactions (makes them
/// visible). A transaction is named by a string the checkpoint keeps: a file name for files, a
/// <c>transactional.id</c> for a Kafka producer.
/// </summary>
public interface ITwoPhaseCommitSink<T> : ISink<T>
{
    /// <summary>
    /// Opens the writer of a run. Before writing, it finishes what earlier attempts left:
    /// <paramref name="recovery"/> gives the transactions the restored checkpoint recorded as
    /// pre-committed (commit them; committing twice must be harmless) and everything else an earlier
    /// attempt left pending is aborted.
    /// </summary>
    ValueTask<ITwoPhaseCommitWriter<T>> OpenAsync(SinkRecovery recovery, CancellationToken cancellationToken);
}

/// <summary>
/// One run's writer of an <see cref="ITwoPhaseCommitSink{T}"/>. Lifecycle: <see cref="WriteBatchAsync"/>
/// into the current transaction; <see cref="PreCommitAsync"/> at every checkpoint barrier and at the
/// end of the input; <see cref="CommitAsync"/> once a checkpoint holding those transactions is
/// stored; <c>DisposeAsync</c> aborts the transaction still open (pre-committed ones stay for a
/// later commit or for recovery). One thread at a time calls it.
/// </summary>
public interface ITwoPhaseCommitWriter<T> : IAsyncDisposable
{
    /// <summary>Writes one batch into the current transaction. The memory is only valid during the call.</summary>
    ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the current transaction durable and ends it, and starts the next; returns its name for
    /// checkpoint <paramref name="checkpointId"/>, or null when it holds nothing.
    /// </summary>
    ValueTask<string?> PreCommitAsync(long checkpointId, CancellationToken cancellationToken);

    /// <summary>Makes pre-committed transactions visible.</summary>
    ValueTask CommitAsync(IReadOnlyList<string> transactions, CancellationToken cancellationToken);
}

/// <summary>
/// What a two-phase-commit sink must finish when a run starts: the checkpoint the run restores
/// (0 for a fresh start) and the transactions it recorded as pre-committed, to commit. Anything an
/// earlier attempt wrote after that checkpoint is rolled back, so the output equals a run that was
/// never interrupted.
/// </summary>
public sealed record SinkRecovery(long CheckpointId, IReadOnlyList<string> PreCommitted)
{
    /// <summary>A fresh start: nothing to commit; only abort what earlier attempts left open.</summary>
    public static SinkRecovery None { get; } = new(0, []);
}
