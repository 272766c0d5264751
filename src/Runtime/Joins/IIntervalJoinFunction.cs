namespace CompiledFlow;

/// <summary>
/// The user's function of an interval join (Flink's <c>ProcessJoinFunction</c>, one result per
/// pair): called for every left and right record of a key whose times are within the join's
/// bounds. The generator implements it as a struct over the user's method, so the operator
/// specialized over it calls that method directly.
/// </summary>
/// <typeparam name="TLeft">The record of the left input.</typeparam>
/// <typeparam name="TRight">The record of the right input.</typeparam>
/// <typeparam name="TOut">The record the join emits.</typeparam>
public interface IIntervalJoinFunction<TLeft, TRight, TOut>
{
    /// <summary>Joins one matching pair.</summary>
    /// <param name="left">The left record.</param>
    /// <param name="right">The right record.</param>
    /// <returns>The result, emitted with the later of the two records' times.</returns>
    static abstract TOut Join(in TLeft left, in TRight right);
}
