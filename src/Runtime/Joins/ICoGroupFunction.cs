namespace CompiledFlow;

/// <summary>
/// The user's co-group of a keyed window join (Flink's <c>CoGroupFunction</c>): called once per
/// (key, window) that holds at least one record of either side, when the window fires. An inner
/// join emits each (left, right) pair; an outer join also emits the records of a side whose other
/// side is empty. The generator implements it as a struct over the user's method, so the
/// operator specialized over it calls that method directly.
/// </summary>
/// <typeparam name="TKey">The join key.</typeparam>
/// <typeparam name="TLeft">The record of the left input.</typeparam>
/// <typeparam name="TRight">The record of the right input.</typeparam>
/// <typeparam name="TOut">The record the join emits.</typeparam>
public interface ICoGroupFunction<TKey, TLeft, TRight, TOut>
    where TKey : notnull
{
    /// <summary>Emits the results of one key in one window into <paramref name="output"/>, zero or more.</summary>
    /// <param name="window">The key, the window and the key's records of both sides in it.</param>
    /// <param name="output">Receives the results; each goes downstream with the time <c>End - 1</c>.</param>
    static abstract void CoGroup(in JoinWindow<TKey, TLeft, TRight> window, ref Emitter<TOut> output);
}
