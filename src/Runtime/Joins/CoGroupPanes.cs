namespace CompiledFlow;

/// <summary>
/// The open windows of a <see cref="WindowCoGroupOperator{TKey, TLeft, TRight, TOut, TFunction}"/>:
/// one <see cref="CoGroupPane{TKey, TLeft, TRight}"/> per window with records (see
/// <see cref="WindowPanes{TState}"/> for the layout, shared with the window operators).
/// </summary>
internal sealed class CoGroupPanes<TKey, TLeft, TRight>(long size, long allowedLateness)
    : WindowPanes<CoGroupPane<TKey, TLeft, TRight>>(size, allowedLateness)
    where TKey : notnull
{
    /// <summary>(key, window) pairs held.</summary>
    internal int KeyWindowCount
    {
        get
        {
            int sum = 0;
            for (int i = 0; i < Count; i++)
            {
                sum += StateAt(i).Keys.Count;
            }
            return sum;
        }
    }

    /// <summary>Records held, counting a record once per window it is in.</summary>
    internal long RecordCount
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < Count; i++)
            {
                sum += StateAt(i).Left.Count + StateAt(i).Right.Count;
            }
            return sum;
        }
    }
}
