namespace CompiledFlow;

/// <summary>
/// A record on its way into a keyed stage: its key (computed once, by the <c>[KeyBy]</c> operator
/// of the stage before), its event timestamp in milliseconds (<see cref="long.MinValue"/> when the
/// pipeline has no event time) and the record itself.
/// </summary>
public readonly record struct Keyed<TKey, TValue>(TKey Key, long Timestamp, TValue Value);
