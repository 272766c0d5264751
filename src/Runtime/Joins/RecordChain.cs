namespace CompiledFlow;

/// <summary>
/// One key's records of one side, as a linked chain of nodes in an arena (an
/// <see cref="AppendArena{T}"/> or a <see cref="JoinBuffer{TKey, T}"/>), oldest arrival first.
/// <see cref="Count"/> 0 means empty, and then <see cref="Head"/> and <see cref="Tail"/> mean
/// nothing: the <see langword="default"/> chain is the empty chain, so a chain stored in a
/// <see cref="KeyedStateTable{TKey, TValue}"/> needs no initialisation.
/// </summary>
internal struct RecordChain
{
    /// <summary>The node of the oldest record.</summary>
    public int Head;

    /// <summary>The node of the newest record.</summary>
    public int Tail;

    /// <summary>How many records the chain holds.</summary>
    public int Count;
}

/// <summary>
/// One key's records of both sides: in one window of a co-group (then at least one chain is not
/// empty), or buffered by an interval join (then the key is in the table only while one is not empty).
/// </summary>
internal struct KeyRecords
{
    /// <summary>The key's left records, in arrival order.</summary>
    public RecordChain Left;

    /// <summary>The key's right records, in arrival order.</summary>
    public RecordChain Right;
}
