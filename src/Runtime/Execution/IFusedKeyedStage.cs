namespace CompiledFlow;

/// <summary>
/// The first keyed stage of a pipeline, able to run the source chain's loop itself: at parallelism
/// 1 with one source split, or in each split's task when the stage is local, each record goes from the source operators straight into the keyed
/// operator, without being written into a batch of keyed records and read back. The generator
/// implements it for every pipeline's first keyed stage; the runtime uses it when it can.
/// </summary>
public interface IFusedKeyedStage<TIn, TKey, TValue, TOut> : IKeyedStage<TKey, TValue, TOut>
{
    /// <summary>
    /// Runs <paramref name="chain"/> (this pipeline's source chain) over <paramref name="batch"/> and
    /// the keyed operator over what it emits, as <see cref="IKeyedStage{TKey, TIn, TOut}.ProcessBatch"/>
    /// would over the chain's output.
    /// </summary>
    void ProcessSource(IOperatorChain<TIn, Keyed<TKey, TValue>> chain, ReadOnlySpan<TIn> batch, ref OutputBuffer<TOut> output, ref OutputBuffer<TValue> late);
}
