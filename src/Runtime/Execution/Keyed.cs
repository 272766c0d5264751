namespace CompiledFlow;

/// <summary>
/// A record on its way into a keyed stage: its key (computed once, by the <c>[KeyBy]</c> operator
/// of the stage before), its event timestamp in milliseconds (<see cref="long.MinValue"/> when the
/// pipeline has no event time) and the record itself. Fields, not properties, so generated code
/// passes them on by reference.
/// </summary>
public readonly struct Keyed<TKey, TValue>
{
    /// <summary>The record's key.</summary>
    public readonly TKey Key;

    /// <summary>The record's event timestamp in milliseconds since the epoch.</summary>
    public readonly long Timestamp;

    /// <summary>The record.</summary>
    public readonly TValue Value;

    /// <summary>Creates a keyed record.</summary>
    public Keyed(TKey key, long timestamp, TValue value)
    {
        Key = key;
        Timestamp = timestamp;
        Value = value;
    }
}
