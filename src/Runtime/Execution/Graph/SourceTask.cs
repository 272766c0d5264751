namespace CompiledFlow.Execution;

/// <summary>
/// Reads a source batch by batch, runs the source chain (the operators before the first
/// <c>[KeyBy]</c>) over each batch and sends the output downstream, followed by the chain's
/// watermark when it advanced; at the end of a bounded source, sends the end.
/// </summary>
internal sealed class SourceTask<TIn, TOut>(IOperatorChain<TIn, TOut> chain, IBatchTarget<TOut> next) : ISourceRunner<TIn>
{
    public long RecordsRead { get; private set; }

    public async Task RunAsync(ISource<TIn> source, GraphContext context)
    {
        CancellationToken cancellationToken = context.Cancellation;
        int batchSize = context.Options.BatchSize;
        var output = new OutputBuffer<TOut>(batchSize);
        long watermark = long.MinValue;
        try
        {
            await using ISourceReader<TIn> reader = source.Open();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlyMemory<TIn> batch = await reader.ReadBatchAsync(batchSize, cancellationToken).ConfigureAwait(false);
                if (batch.IsEmpty)
                {
                    break;
                }

                Process(batch.Span, ref output);
                RecordsRead += batch.Length;
                if (output.Count > 0)
                {
                    await next.WriteAsync(0, output.Written, cancellationToken).ConfigureAwait(false);
                    output.Clear();
                }

                long current = chain.CurrentWatermark;
                if (current > watermark)
                {
                    watermark = current;
                    await next.WatermarkAsync(0, watermark, cancellationToken).ConfigureAwait(false);
                }
            }

            await next.CompleteAsync(0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            output.Dispose();
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
