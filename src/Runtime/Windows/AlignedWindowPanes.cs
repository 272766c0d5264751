using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The state of the epoch-aligned windows of one operator (tumbling or sliding): one
/// <see cref="KeyedStateTable{TKey, TValue}"/> of accumulators per window, in an array sorted by
/// window start.
/// <para>
/// All windows have the same size, so start order is also end order and cleanup order: windows
/// fire and are purged from the front. Under bounded out-of-orderness only a few windows are open
/// at a time, so finding a window is a check of a hint, then a binary search over a short array;
/// opening a window shifts that array at most by a few entries. A purged window's table is
/// cleared and kept in a pool (up to <see cref="MaxPooledTables"/>) for the next window to open,
/// so a steady stream opens and closes windows without allocating.
/// </para>
/// </summary>
internal sealed class AlignedWindowPanes<TKey, TAcc>
    where TKey : notnull
{
    /// <summary>Cleared tables kept for reuse; more than this are left to the GC.</summary>
    internal const int MaxPooledTables = 32;

    private readonly long _size;
    private readonly long _allowedLateness;
    private Pane[] _panes = new Pane[8];
    private int _count;
    private readonly KeyedStateTable<TKey, TAcc>[] _pool = new KeyedStateTable<TKey, TAcc>[MaxPooledTables];
    private int _pooled;

    internal AlignedWindowPanes(long size, long allowedLateness)
    {
        _size = size;
        _allowedLateness = allowedLateness;
    }

    /// <summary>Windows with state.</summary>
    internal int Count => _count;

    /// <summary>The start of the <paramref name="index"/>-th window in start order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long StartAt(int index) => _panes[index].Start;

    /// <summary>The table of the <paramref name="index"/>-th window in start order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal KeyedStateTable<TKey, TAcc> TableAt(int index) => _panes[index].Table;

    /// <summary>(key, window) pairs held.</summary>
    internal int KeyWindowCount
    {
        get
        {
            int sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _panes[i].Table.Count;
            }
            return sum;
        }
    }

    /// <summary>Bytes of the open windows' tables.</summary>
    internal long StateBytes
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _panes[i].Table.EstimatedBytes;
            }
            return sum;
        }
    }

    /// <summary>Bytes of the cleared tables kept for reuse.</summary>
    internal long PooledBytes
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _pooled; i++)
            {
                sum += _pool[i].EstimatedBytes;
            }
            return sum;
        }
    }

    /// <summary>
    /// The index of the window starting at <paramref name="start"/>, opened (with a pooled or new
    /// table) if it has no state yet. <paramref name="hint"/> is where the caller expects it.
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
        KeyedStateTable<TKey, TAcc> table = _pooled > 0 ? _pool[--_pooled] : new KeyedStateTable<TKey, TAcc>();
        _pool[_pooled] = null!;
        _panes[index] = new Pane(start, table);
        _count++;
        return index;
    }

    /// <summary>
    /// Emits every (key, window) result of the windows whose maximum timestamp <c>End - 1</c> is in
    /// (<paramref name="previousWatermark"/>, <paramref name="watermark"/>]: windows in order of
    /// end, keys in the order they entered the window.
    /// </summary>
    internal void Fire<TOutput>(long previousWatermark, long watermark, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        for (int i = 0; i < _count; i++)
        {
            long start = _panes[i].Start;
            long end = start + _size;
            if (end - 1 <= previousWatermark)
            {
                continue; // fired by an earlier watermark
            }
            if (end - 1 > watermark)
            {
                break;
            }

            KeyedStateTable<TKey, TAcc> table = _panes[i].Table;
            for (int k = 0; k < table.Count; k++)
            {
                output.Collect(new WindowResult<TKey, TAcc>(table.KeyAt(k), start, end, table.ValueAt(k)));
            }
        }
    }

    /// <summary>Drops the windows whose cleanup time is at or before <paramref name="watermark"/>, pooling their tables.</summary>
    internal void Purge(long watermark)
    {
        int purged = 0;
        while (purged < _count && WindowTime.CleanupTime(_panes[purged].Start + _size, _allowedLateness) <= watermark)
        {
            KeyedStateTable<TKey, TAcc> table = _panes[purged].Table;
            table.Clear();
            if (_pooled < MaxPooledTables)
            {
                _pool[_pooled++] = table;
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

    private readonly struct Pane(long start, KeyedStateTable<TKey, TAcc> table)
    {
        public readonly long Start = start;
        public readonly KeyedStateTable<TKey, TAcc> Table = table;
    }
}
