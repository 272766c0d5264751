namespace CompiledFlow;

/// <summary>
/// The user's keyed process function, implemented by the generator as a struct over the
/// <c>[Process]</c> method and the method its <c>OnTimer</c> names, so the operator specialized
/// over it calls them directly.
/// </summary>
public interface IKeyedProcessFunction<TKey, TIn, TState, TOut>
    where TKey : notnull
{
    /// <summary>Handles one record of the context's key.</summary>
    static abstract void ProcessElement(in TIn value, ref KeyedContext<TKey, TState, TOut> context);

    /// <summary>Handles a timer of the context's key that the watermark reached.</summary>
    static abstract void OnTimer(ref KeyedContext<TKey, TState, TOut> context);
}
