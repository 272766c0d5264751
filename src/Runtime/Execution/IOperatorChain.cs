namespace CompiledFlow;

/// <summary>
/// A fused chain of operators, implemented by the generator for each pipeline. The runtime calls
/// it once per batch (an interface call per batch, never per record); the implementation calls
/// the pipeline's generic <c>ProcessBatch</c>, specialized for <see cref="OutputBuffer{T}"/>. A chain
/// with an <c>[EventTime]</c> operator holds the watermark state of the source split it reads, so
/// the runtime creates one chain per source reader.
/// </summary>
public interface IOperatorChain<TIn, TOut>
{
    /// <summary>The pipeline's name, used in errors.</summary>
    string Name { get; }

    /// <summary>Runs every operator of the chain over <paramref name="batch"/>, writing into <paramref name="output"/>.</summary>
    void Process(ReadOnlySpan<TIn> batch, ref OutputBuffer<TOut> output);

    /// <summary>
    /// Runs every operator of the chain over <paramref name="batch"/> into any struct collector, for
    /// the runtime to route records as they are made (by key, into one buffer per subtask). The
    /// generated source chains implement it with their fused loop specialized over the collector;
    /// this default goes through a batch buffer.
    /// </summary>
    void ProcessInto<TCollector>(ReadOnlySpan<TIn> batch, ref TCollector output)
        where TCollector : struct, ICollector<TOut>
    {
        var buffer = new OutputBuffer<TOut>(batch.Length);
        try
        {
            Process(batch, ref buffer);
            foreach (ref readonly TOut record in buffer.Written.Span)
            {
                output.Collect(in record);
            }
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>
    /// The watermark after the batches processed so far, from the chain's <c>[EventTime]</c>
    /// operator; <see cref="long.MinValue"/> for a chain without event time.
    /// </summary>
    long CurrentWatermark => long.MinValue;

    /// <summary>
    /// How long (ms) the source split may produce nothing before it is marked idle and left out of
    /// the keyed stages' watermark, from the <c>[EventTime]</c>'s <c>IdleTimeoutMs</c>; 0 for never.
    /// </summary>
    long IdleTimeoutMs => 0;

    /// <summary>
    /// How far (ms) the split's watermark may run ahead of the slowest split's before the split pauses,
    /// from the <c>[EventTime]</c>'s <c>MaxWatermarkDriftMs</c>; 0 for no limit.
    /// </summary>
    long MaxWatermarkDriftMs => 0;

    /// <summary>
    /// The chain's state for checkpoints: the largest event timestamp its <c>[EventTime]</c> has seen
    /// (<see cref="long.MinValue"/> for none, or for a chain without event time), from which the
    /// watermark follows. A restored chain is given back the value it had.
    /// </summary>
    long MaxTimestamp
    {
        get => long.MinValue;
        set { }
    }
}
