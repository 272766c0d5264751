namespace CompiledFlow;

/// <summary>
/// The state of one window (a time range) of a <see cref="WindowCoGroupOperator{TKey, TLeft, TRight, TOut, TFunction}"/>:
/// a <see cref="KeyedStateTable{TKey, TValue}"/> from each key that has records in the window to
/// its two <see cref="RecordChain"/>s, and one <see cref="AppendArena{T}"/> per side holding the
/// records. Keys are never removed from a pane, so the table's dense order is the order in which
/// keys first entered the window: the firing order. A purged pane is cleared (its arrays kept)
/// and pooled for a later window.
/// </summary>
internal sealed class CoGroupPane<TKey, TLeft, TRight> : IPaneState
    where TKey : notnull
{
    /// <summary>Each key with records in the window → its chains, in order of first arrival.</summary>
    public readonly KeyedStateTable<TKey, KeyRecords> Keys = new();

    /// <summary>The window's left records.</summary>
    public AppendArena<TLeft> Left = new(0);

    /// <summary>The window's right records.</summary>
    public AppendArena<TRight> Right = new(0);

    /// <summary>The bytes of the pane's arrays (capacity).</summary>
    public long Bytes => Keys.EstimatedBytes + Left.Bytes + Right.Bytes;

    /// <summary>Forgets the window's keys and records, keeping the arrays.</summary>
    public void Clear()
    {
        Keys.Clear();
        Left.Clear();
        Right.Clear();
    }
}

