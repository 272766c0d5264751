namespace CompiledFlow;

/// <summary>
/// What a co-group function (<see cref="ICoGroupFunction{TKey, TLeft, TRight, TOut}"/>) sees for
/// one key and one window: every left and every right record of the key in the window, each side
/// in arrival order. At least one of the two sides is not empty. The spans point into the
/// operator's scratch buffers and are valid only during the call.
/// </summary>
/// <typeparam name="TKey">The join key.</typeparam>
/// <typeparam name="TLeft">The record of the left input.</typeparam>
/// <typeparam name="TRight">The record of the right input.</typeparam>
public readonly ref struct JoinWindow<TKey, TLeft, TRight>
{
    /// <summary>Creates a window view; the operator builds these, tests of a co-group function may too.</summary>
    /// <param name="key">The key.</param>
    /// <param name="start">The first millisecond of the window.</param>
    /// <param name="end">The first millisecond after the window.</param>
    /// <param name="left">The key's left records in the window, in arrival order.</param>
    /// <param name="right">The key's right records in the window, in arrival order.</param>
    public JoinWindow(TKey key, long start, long end, ReadOnlySpan<TLeft> left, ReadOnlySpan<TRight> right)
    {
        Key = key;
        Start = start;
        End = end;
        Left = left;
        Right = right;
    }

    /// <summary>The key both sides' records share.</summary>
    public TKey Key { get; }

    /// <summary>The first millisecond of the window (inclusive).</summary>
    public long Start { get; }

    /// <summary>The first millisecond after the window (exclusive); results carry the time <c>End - 1</c>.</summary>
    public long End { get; }

    /// <summary>The key's left records in the window, in arrival order; may be empty.</summary>
    public ReadOnlySpan<TLeft> Left { get; }

    /// <summary>The key's right records in the window, in arrival order; may be empty.</summary>
    public ReadOnlySpan<TRight> Right { get; }
}
