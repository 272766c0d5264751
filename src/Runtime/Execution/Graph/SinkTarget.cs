namespace CompiledFlow.Execution;

/// <summary>
/// Hands batches to the writers of a job's sinks. Several subtasks may write at once, so a gate
/// lets one batch through at a time: sink writers need not be thread-safe. Watermarks stop here.
/// </summary>
internal sealed class SinkTarget<T>(IEnumerable<ISinkWriter<T>> sinkWriters) : IBatchTarget<T>
{
    private readonly ISinkWriter<T>[] _writers = [.. sinkWriters];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    /// <summary>The one writer, when there is one and it can take records from the fused loop.</summary>
    public IFusedSinkWriter<T>? FusedWriter => _writers is [IFusedSinkWriter<T> fused] ? fused : null;

    /// <summary>Counts records a fused writer took directly.</summary>
    public void CountWritten(int records) => Interlocked.Add(ref _written, records);

    public async ValueTask WriteAsync(int producer, ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        if (!_gate.Wait(0)) // uncontended: no task allocated
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            foreach (ISinkWriter<T> writer in _writers)
            {
                await writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            _written += batch.Length;
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask WatermarkAsync(int producer, long watermark, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask IdleAsync(int producer, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CompleteAsync(int producer, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        foreach (ISinkWriter<T> writer in _writers)
        {
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
