namespace CompiledFlow;

/// <summary>
/// Adds one record to an accumulator. The generator implements it over the user's
/// <c>[Aggregate] static void A(ref TAcc acc, in T x)</c> as a struct, so window operators
/// specialized over it call the user's method directly.
/// </summary>
public interface IAggregator<TIn, TAcc>
{
    /// <summary>Folds <paramref name="value"/> into <paramref name="accumulator"/>.</summary>
    static abstract void Add(ref TAcc accumulator, in TIn value);
}

/// <summary>
/// Merges two accumulators, needed when session windows merge. The generator implements it over
/// the method named by <c>[SessionWindow(Merge = nameof(M))]</c>: <c>static void M(ref TAcc into, in TAcc other)</c>.
/// </summary>
public interface IAccumulatorMerger<TAcc>
{
    /// <summary>Folds <paramref name="other"/> into <paramref name="into"/>.</summary>
    static abstract void Merge(ref TAcc into, in TAcc other);
}
