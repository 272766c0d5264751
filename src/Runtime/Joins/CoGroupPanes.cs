using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The open windows of a <see cref="WindowCoGroupOperator{TKey, TLeft, TRight, TOut, TFunction}"/>:
/// one <see cref="CoGroupPane{TKey, TLeft, TRight}"/> per window with records, in an array sorted
/// by window start (the same layout as the window operators' panes).
/// <para>
/// All windows have the same size, so start order is also end order and cleanup order: windows
/// fire and are purged from the front. Under bounded out-of-orderness only a few windows are open
/// at a time, so finding one is a check of a hint, then a binary search over a short array. A
/// purged pane is cleared and pooled (up to <see cref="MaxPooledPanes"/>) for the next window to
/// open, so a steady stream opens and closes windows without allocating.
/// </para>
/// </summary>
internal sealed class CoGroupPanes<TKey, TLeft, TRight>
    where TKey : notnull
{
    /// <summary>Cleared panes kept for reuse; more than this are left to the GC.</summary>
    internal const int MaxPooledPanes = 32;

    private readonly long _size;
    private readonly long _allowedLateness;
    private CoGroupPane<TKey, TLeft, TRight>[] _panes = new CoGroupPane<TKey, TLeft, TRight>[8];
    private int _count;
    private readonly CoGroupPane<TKey, TLeft, TRight>[] _pool = new CoGroupPane<TKey, TLeft, TRight>[MaxPooledPanes];
    private int _pooled;

    internal CoGroupPanes(long size, long allowedLateness)
    {
        _size = size;
        _allowedLateness = allowedLateness;
    }

    /// <summary>Windows with state.</summary>
    internal int Count => _count;

    /// <summary>The <paramref name="index"/>-th window in start order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CoGroupPane<TKey, TLeft, TRight> PaneAt(int index) => _panes[index];

    /// <summary>(key, window) pairs held.</summary>
    internal int KeyWindowCount
    {
        get
        {
            int sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _panes[i].Keys.Count;
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
            for (int i = 0; i < _count; i++)
            {
                sum += _panes[i].Left.Count + _panes[i].Right.Count;
            }
            return sum;
        }
    }

    /// <summary>Bytes of the open windows' arrays.</summary>
    internal long StateBytes
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _panes[i].Bytes;
            }
            return sum;
        }
    }

    /// <summary>Bytes of the cleared panes kept for reuse.</summary>
    internal long PooledBytes
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _pooled; i++)
            {
                sum += _pool[i].Bytes;
            }
            return sum;
        }
    }

    /// <summary>
    /// The index of the window starting at <paramref name="start"/>, opened (with a pooled or new
    /// pane) if it has no state yet. <paramref name="hint"/> is where the caller expects it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int GetOrOpen(long start, int hint)
    {
        if ((uint)hint < (uint)_count && _panes[hint].Start == start)
        {
            return hint;
        }
        return Search(start);
    }

    private int Search(long start)
    {
        int low = 0, high = _count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            long found = _panes[middle].Start;
            if (found == start)
            {
                return middle;
            }
            if (found < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return Open(low, start);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Open(int index, long start)
    {
        if (_count == _panes.Length)
        {
            Array.Resize(ref _panes, _panes.Length * 2);
        }
        if (index < _count)
        {
            Array.Copy(_panes, index, _panes, index + 1, _count - index);
        }
        CoGroupPane<TKey, TLeft, TRight> pane = _pooled > 0 ? _pool[--_pooled] : new CoGroupPane<TKey, TLeft, TRight>();
        _pool[_pooled] = null!;
        pane.Start = start;
        _panes[index] = pane;
        _count++;
        return index;
    }

    /// <summary>Drops the windows whose cleanup time is at or before <paramref name="watermark"/>, pooling their panes.</summary>
    internal void Purge(long watermark)
    {
        int purged = 0;
        while (purged < _count && WindowTime.CleanupTime(_panes[purged].Start + _size, _allowedLateness) <= watermark)
        {
            CoGroupPane<TKey, TLeft, TRight> pane = _panes[purged];
            pane.Clear();
            if (_pooled < MaxPooledPanes)
            {
                _pool[_pooled++] = pane;
            }
            purged++;
        }

        if (purged > 0)
        {
            Array.Copy(_panes, purged, _panes, 0, _count - purged);
            Array.Clear(_panes, _count - purged, purged);
            _count -= purged;
        }
    }
}
