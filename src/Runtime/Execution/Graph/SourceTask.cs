namespace CompiledFlow.Execution;

/// <summary>
/// Reads one source split batch by batch, runs the source chain (the operators before the first
/// <c>[KeyBy]</c>) over each batch and sends the output downstream as producer
/// <see cref="Producer"/>, followed by the chain's watermark when it advanced; at the end of a
/// bounded split, sends the end. With an idle timeout, a split that produces nothing for that
/// long is reported idle, and reports its watermark again as soon as it produces.
/// <para>
/// Checkpoints: between two batches, when the coordinator has asked for checkpoint n, the task
/// acknowledges with its split's position and the chain's largest timestamp, then sends barrier n.
/// At the end of the split that state stands for it in later checkpoints. A restored task reopens
/// its split at the saved position with the saved timestamp.
/// </para>
/// <para>
/// With a <see cref="WatermarkAlignment"/>, the task reports its watermark there (and leaves it while
/// idle or once ended), and pauses after a batch that took it too far ahead of the slowest split.
/// </para>
/// </summary>
internal sealed class SourceTask<TIn, TOut>(IOperatorChain<TIn, TOut> chain, IBatchTarget<TOut> next, int producer, bool onlySplit, WatermarkAlignment? alignment = null)
{
    // A stateless chain read by one task straight into one fused sink writer: no batch buffer in between.
    private readonly (IFusableChain<TIn, TOut> Chain, IFusedSinkWriter<TOut> Writer, SinkTarget<TOut> Sink)? _fused =
        onlySplit && chain is IFusableChain<TIn, TOut> fusable && next is SinkTarget<TOut> { FusedWriter: { } writer } sink ? (fusable, writer, sink) : null;

    // A keyed exchange next: the chain runs straight into the first keyed stage (the only split at
    // parallelism 1, or this split's own subtask of a local stage), or into the subtasks' parts,
    // without a batch buffer in between.
    private readonly ISourceFusionTarget<TOut>? _fusedStage = next as ISourceFusionTarget<TOut>;

    public int Producer => producer;

    public long RecordsRead { get; private set; }

    public async Task RunAsync(ISource<TIn> source, GraphContext context, int participant, SourceState? restored)
    {
        CancellationToken cancellationToken = context.Cancellation;
        CheckpointCoordinator checkpoints = context.Checkpoints;
        int batchSize = context.Options.BatchSize;
        var output = new OutputBuffer<TOut>(batchSize);
        long barrier = checkpoints.Restored?.Id ?? 0; // not Requested: a checkpoint may have been triggered already
        bool idle = false;
        try
        {
            await using ISourceReader<TIn> reader = Open(source, restored);
            long watermark = chain.CurrentWatermark;
            long position = PositionOf(reader); // taken when no read is in flight: a pending read may move the reader's own
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (checkpoints.Requested > barrier)
                {
                    barrier = await SendBarrierAsync(checkpoints, participant, position, cancellationToken).ConfigureAwait(false);
                }

                ValueTask<ReadOnlyMemory<TIn>> pending = reader.ReadBatchAsync(batchSize, cancellationToken);
                if (!pending.IsCompleted && (chain.IdleTimeoutMs > 0 || checkpoints.Enabled))
                {
                    // Waiting for input: report idleness after the timeout, and let checkpoints through meanwhile.
                    Task<ReadOnlyMemory<TIn>> read = pending.AsTask();
                    while (!read.IsCompleted)
                    {
                        Task? idleTimeout = chain.IdleTimeoutMs > 0 && !idle ? Task.Delay(TimeSpan.FromMilliseconds(chain.IdleTimeoutMs), cancellationToken) : null;
                        Task woke = await (idleTimeout is null ? Task.WhenAny(read, checkpoints.NextRequest) : Task.WhenAny(read, idleTimeout, checkpoints.NextRequest)).ConfigureAwait(false);
                        if (woke == idleTimeout)
                        {
                            idle = true;
                            alignment?.Report(producer, long.MaxValue);
                            await next.IdleAsync(producer, cancellationToken).ConfigureAwait(false);
                        }

                        if (checkpoints.Requested > barrier)
                        {
                            barrier = await SendBarrierAsync(checkpoints, participant, position, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    pending = new ValueTask<ReadOnlyMemory<TIn>>(read);
                }

                ReadOnlyMemory<TIn> batch = await pending.ConfigureAwait(false);
                position = PositionOf(reader);
                if (batch.IsEmpty)
                {
                    break;
                }

                if (_fused is { } fused)
                {
                    fused.Sink.CountWritten(WriteThrough(fused.Chain, fused.Writer, batch.Span));
                    RecordsRead += batch.Length;
                    continue;
                }

                if (_fusedStage is { } stage && TryProcessFused(stage, batch.Span, cancellationToken, out ValueTask flushed))
                {
                    await flushed.ConfigureAwait(false);
                    RecordsRead += batch.Length;
                }
                else
                {
                    Process(batch.Span, ref output);
                    RecordsRead += batch.Length;
                    if (output.Count > 0)
                    {
                        await next.WriteAsync(producer, output.Written, cancellationToken).ConfigureAwait(false);
                        output.Clear();
                    }
                }

                long current = chain.CurrentWatermark;
                if (current > watermark || (idle && current > long.MinValue))
                {
                    // Back from idleness, the split's watermark counts again: send it even if unchanged.
                    watermark = Math.Max(watermark, current);
                    idle = false;
                    await next.WatermarkAsync(producer, watermark, cancellationToken).ConfigureAwait(false);
                    if (alignment is not null)
                    {
                        alignment.Report(producer, watermark);
                        barrier = await AlignAsync(alignment, context.PausedProducers, watermark, barrier, participant, position, checkpoints, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            alignment?.Report(producer, long.MaxValue);
            checkpoints.Finish(participant, State(position));
            await next.CompleteAsync(producer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            alignment?.Report(producer, long.MaxValue); // a failed split holds no other back either
            output.Dispose();
        }
    }

    private ISourceReader<TIn> Open(ISource<TIn> source, SourceState? restored)
    {
        if (restored is not { } state)
        {
            return source.Open();
        }

        chain.MaxTimestamp = state.MaxTimestamp;
        return ((IRestorableSource<TIn>)source).Open(state.Position);
    }

    /// <summary>Acknowledges the requested checkpoint with the split's state and sends its barrier; returns its id.</summary>
    private async ValueTask<long> SendBarrierAsync(CheckpointCoordinator checkpoints, int participant, long position, CancellationToken cancellationToken)
    {
        long barrier = checkpoints.Requested;
        checkpoints.Acknowledge(participant, barrier, State(position), TimeSpan.Zero);
        await next.BarrierAsync(producer, barrier, cancellationToken).ConfigureAwait(false);
        return barrier;
    }

    /// <summary>
    /// Pauses while the split is further ahead of the slowest split than the alignment allows,
    /// letting checkpoints through and running the subtasks handed to it meanwhile; returns the last barrier sent.
    /// </summary>
    private async ValueTask<long> AlignAsync(
        WatermarkAlignment alignment, PausedProducers paused, long watermark, long barrier, int participant, long position, CheckpointCoordinator checkpoints, CancellationToken cancellationToken)
    {
        while (!alignment.MayProceed(watermark, out Task advanced))
        {
            Task handedOver = paused.Pause();
            try
            {
                await Task.WhenAny(advanced, checkpoints.NextRequest, handedOver).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                paused.Resume(cancellationToken);
            }

            if (checkpoints.Requested > barrier)
            {
                barrier = await SendBarrierAsync(checkpoints, participant, position, cancellationToken).ConfigureAwait(false);
            }
        }

        return barrier;
    }

    /// <summary>Where the reader is, or -1 for a source that cannot say (SourceRunner refuses those when checkpointing).</summary>
    private static long PositionOf(ISourceReader<TIn> reader) => reader is IPositionedReader positioned ? positioned.Position : -1;

    /// <summary>The split's checkpoint state: its position and the largest timestamp seen.</summary>
    private ReadOnlyMemory<byte> State(long position) =>
        position >= 0 ? new SourceState(position, chain.MaxTimestamp).Encode() : ReadOnlyMemory<byte>.Empty;

    private int WriteThrough(IFusableChain<TIn, TOut> fusable, IFusedSinkWriter<TOut> writer, ReadOnlySpan<TIn> batch)
    {
        try
        {
            return writer.WriteThrough(fusable, batch);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PipelineException(chain.Name, RecordsRead, batch.Length, e);
        }
    }

    private bool TryProcessFused(ISourceFusionTarget<TOut> stage, ReadOnlySpan<TIn> batch, CancellationToken cancellationToken, out ValueTask flushed)
    {
        try
        {
            return stage.TryProcess(chain, batch, producer, cancellationToken, out flushed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PipelineException(chain.Name, RecordsRead, batch.Length, e);
        }
    }

    private void Process(ReadOnlySpan<TIn> batch, ref OutputBuffer<TOut> output)
    {
        try
        {
            chain.Process(batch, ref output);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PipelineException(chain.Name, RecordsRead, batch.Length, e);
        }
    }
}
