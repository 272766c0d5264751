namespace CompiledFlow.Execution;

/// <summary>A target a source task may run its chain into directly (see <see cref="IFusedKeyedStage{TIn, TKey, TValue, TOut}"/>).</summary>
internal interface ISourceFusionTarget<TOut>
{
    /// <summary>
    /// Runs <paramref name="chain"/> over <paramref name="batch"/> straight into the target's stage
    /// and returns true, with the flush of the stage's output in <paramref name="flushed"/>; false
    /// (nothing done) when the target cannot take it.
    /// </summary>
    bool TryProcess<TIn>(IOperatorChain<TIn, TOut> chain, ReadOnlySpan<TIn> batch, CancellationToken cancellationToken, out ValueTask flushed);
}
