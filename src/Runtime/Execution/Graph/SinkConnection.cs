namespace CompiledFlow.Execution;

/// <summary>
/// One sink as a job run drives it, whatever its kind: a two-phase-commit sink's writer, or a plain
/// sink's writer, which has no transactions and commits once, when the job has completed (so a
/// plain sink cannot take part in checkpoints).
/// </summary>
internal abstract class SinkConnection<T> : IAsyncDisposable
{
    /// <summary>Opens <paramref name="sink"/> for a run; <paramref name="checkpointed"/> runs refuse plain sinks.</summary>
    public static async ValueTask<SinkConnection<T>> OpenAsync(ISink<T> sink, SinkRecovery recovery, bool checkpointed, CancellationToken cancellationToken)
    {
        if (sink is ITwoPhaseCommitSink<T> transactional)
        {
            return new TwoPhase(await transactional.OpenAsync(recovery, cancellationToken).ConfigureAwait(false));
        }

        if (checkpointed)
        {
            throw new CheckpointException(
                $"The sink {sink.GetType().Name} writes its output once at the end of the job, so it cannot give exactly-once output with checkpoints: a checkpointed job's sinks implement ITwoPhaseCommitSink<T> (for files, Files.WriteCsvParts or Files.WriteJsonLinesParts).");
        }

        return new Plain(sink.Open());
    }

    /// <summary>The writer records can be fused into, if this is a plain sink that supports it.</summary>
    public virtual IFusedSinkWriter<T>? Fused => null;

    public abstract ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken);

    /// <summary>Ends the open transaction for checkpoint <paramref name="checkpointId"/>; its name, or null.</summary>
    public abstract ValueTask<string?> PreCommitAsync(long checkpointId, CancellationToken cancellationToken);

    /// <summary>Commits the named transactions (a plain sink: everything written).</summary>
    public abstract ValueTask CommitAsync(IReadOnlyList<string> transactions, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class TwoPhase(ITwoPhaseCommitWriter<T> writer) : SinkConnection<T>
    {
        public override ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken) => writer.WriteBatchAsync(batch, cancellationToken);

        public override ValueTask<string?> PreCommitAsync(long checkpointId, CancellationToken cancellationToken) => writer.PreCommitAsync(checkpointId, cancellationToken);

        public override ValueTask CommitAsync(IReadOnlyList<string> transactions, CancellationToken cancellationToken) =>
            transactions.Count == 0 ? ValueTask.CompletedTask : writer.CommitAsync(transactions, cancellationToken);

        public override ValueTask DisposeAsync() => writer.DisposeAsync();
    }

    private sealed class Plain(ISinkWriter<T> writer) : SinkConnection<T>
    {
        public override IFusedSinkWriter<T>? Fused => writer as IFusedSinkWriter<T>;

        public override ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken) => writer.WriteBatchAsync(batch, cancellationToken);

        public override ValueTask<string?> PreCommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        // Only the final checkpoint of a job without checkpoints commits a plain sink.
        public override ValueTask CommitAsync(IReadOnlyList<string> transactions, CancellationToken cancellationToken) => writer.CommitAsync(cancellationToken);

        public override ValueTask DisposeAsync() => writer.DisposeAsync();
    }
}
