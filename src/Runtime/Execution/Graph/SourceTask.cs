namespace CompiledFlow.Execution;

/// <summary>
/// Reads one source split batch by batch, runs the source chain (the operators before the first
/// <c>[KeyBy]</c>) over each batch and sends the output downstream as producer
/// <see cref="Producer"/>, followed by the chain's watermark when it advanced; at the end of a
/// bounded split, sends the end. With an idle timeout, a split that produces nothing for that
/// long is reported idle, and reports its watermark again as soon as it produces.
/// </summary>
internal sealed class SourceTask<TIn, TOut>(IOperatorChain<TIn, TOut> chain, IBatchTarget<TOut> next, int producer, bool onlySplit)
{
    // A stateless chain read by one task straight into one fused sink writer: no batch buffer in between.
    private readonly (IFusableChain<TIn, TOut> Chain, IFusedSinkWriter<TOut> Writer, SinkTarget<TOut> Sink)? _fused =
        onlySplit && chain is IFusableChain<TIn, TOut> fusable && next is SinkTarget<TOut> { FusedWriter: { } writer } sink ? (fusable, writer, sink) : null;

    public int Producer => producer;

    public long RecordsRead { get; private set; }

    public async Task RunAsync(ISource<TIn> source, GraphContext context)
    {
        CancellationToken cancellationToken = context.Cancellation;
        int batchSize = context.Options.BatchSize;
        var output = new OutputBuffer<TOut>(batchSize);
        long watermark = long.MinValue;
        bool idle = false;
        try
        {
            await using ISourceReader<TIn> reader = source.Open();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ValueTask<ReadOnlyMemory<TIn>> pending = reader.ReadBatchAsync(batchSize, cancellationToken);
                if (chain.IdleTimeoutMs > 0 && !pending.IsCompleted)
                {
                    Task<ReadOnlyMemory<TIn>> read = pending.AsTask();
                    while (await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(chain.IdleTimeoutMs), cancellationToken)).ConfigureAwait(false) != read)
                    {
                        if (!idle)
                        {
                            idle = true;
                            await next.IdleAsync(producer, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    pending = new ValueTask<ReadOnlyMemory<TIn>>(read);
                }

                ReadOnlyMemory<TIn> batch = await pending.ConfigureAwait(false);
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

                Process(batch.Span, ref output);
                RecordsRead += batch.Length;
                if (output.Count > 0)
                {
                    await next.WriteAsync(producer, output.Written, cancellationToken).ConfigureAwait(false);
                    output.Clear();
                }

                long current = chain.CurrentWatermark;
                if (current > watermark || (idle && current > long.MinValue))
                {
                    // Back from idleness, the split's watermark counts again: send it even if unchanged.
                    watermark = Math.Max(watermark, current);
                    idle = false;
                    await next.WatermarkAsync(producer, watermark, cancellationToken).ConfigureAwait(false);
                }
            }

            await next.CompleteAsync(producer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            output.Dispose();
        }
    }

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
