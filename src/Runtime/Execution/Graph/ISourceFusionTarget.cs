namespace CompiledFlow.Execution;

/// <summary>
/// A target a source task may run its chain into directly: the first keyed stage itself at
/// parallelism 1 with one split or the split's own subtask of a local stage (see
/// <see cref="IFusedKeyedStage{TIn, TKey, TValue, TOut}"/>), or,
/// at higher parallelism, the subtasks' parts of the exchange, filled as records are made.
/// </summary>
internal interface ISourceFusionTarget<TOut>
{
    /// <summary>
    /// Runs <paramref name="chain"/> over <paramref name="batch"/> (read by <paramref name="producer"/>)
    /// straight into the target and returns true, with the delivery of what it made in
    /// <paramref name="flushed"/>; false (nothing done) when the target cannot take it.
    /// </summary>
    bool TryProcess<TIn>(IOperatorChain<TIn, TOut> chain, ReadOnlySpan<TIn> batch, int producer, CancellationToken cancellationToken, out ValueTask flushed);
}
