namespace CompiledFlow;

/// <summary>
/// A sink writer that takes records straight from the fused loop instead of from a batch buffer:
/// the runtime hands it the chain and the input batch, and the writer runs the chain into a struct
/// collector of its own (a sum, a counter, a serializer). Saves writing every record into a buffer
/// and reading it again. Used when a stateless job reads one split and writes to this one sink;
/// otherwise the runtime calls <see cref="ISinkWriter{T}.WriteBatchAsync"/> as usual.
/// </summary>
public interface IFusedSinkWriter<T> : ISinkWriter<T>
{
    /// <summary>Runs <paramref name="chain"/> over <paramref name="batch"/> into this writer; returns the records it received.</summary>
    int WriteThrough<TIn>(IFusableChain<TIn, T> chain, ReadOnlySpan<TIn> batch);
}

/// <summary>
/// A fused chain that can run into any struct collector: the generator implements it for
/// stateless pipelines, so a <see cref="IFusedSinkWriter{T}"/> gets a loop specialized for its collector.
/// </summary>
public interface IFusableChain<TIn, TOut> : IOperatorChain<TIn, TOut>
{
    /// <summary>Runs every operator over <paramref name="batch"/> into <paramref name="output"/>.</summary>
    void Process<TCollector>(ReadOnlySpan<TIn> batch, ref TCollector output)
        where TCollector : struct, ICollector<TOut>;
}
