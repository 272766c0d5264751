using System.Diagnostics.CodeAnalysis;

namespace CompiledFlow;

/// <summary>
/// Runs an <see cref="ITwoPhaseCommitSink{T}"/> without checkpoints, through
/// <see cref="ISinkWriter{T}"/>: the whole run is one transaction. The two-phase writer is opened
/// at the first call as on a fresh start (aborting what earlier attempts left pending);
/// <see cref="CommitAsync"/> pre-commits and commits the transaction; disposing before aborts it.
/// </summary>
internal sealed class TwoPhaseCommitSinkWriter<T>(ITwoPhaseCommitSink<T> sink) : ISinkWriter<T>
{
    /// <summary>The checkpoint that ends the one transaction: the first after a fresh start.</summary>
    private static readonly long s_onlyCheckpoint = SinkRecovery.None.CheckpointId + 1;

    private ITwoPhaseCommitWriter<T>? _writer;
    private bool _committed;

    /// <inheritdoc />
    public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
    {
        if (_committed)
        {
            ThrowCommitted();
        }
        return _writer is { } writer ? writer.WriteBatchAsync(batch, cancellationToken) : OpenAndWriteAsync(batch, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_committed)
        {
            ThrowCommitted();
        }

        ITwoPhaseCommitWriter<T> writer = _writer ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await writer.PreCommitAsync(s_onlyCheckpoint, cancellationToken).ConfigureAwait(false) is { } transaction)
        {
            await writer.CommitAsync([transaction], cancellationToken).ConfigureAwait(false);
        }
        _committed = true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _writer?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async ValueTask OpenAndWriteAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
    {
        ITwoPhaseCommitWriter<T> writer = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ITwoPhaseCommitWriter<T>> OpenAsync(CancellationToken cancellationToken) =>
        _writer = await sink.OpenAsync(SinkRecovery.None, cancellationToken).ConfigureAwait(false);

    [DoesNotReturn]
    private static void ThrowCommitted() => throw new InvalidOperationException("The sink writer was already committed.");
}
