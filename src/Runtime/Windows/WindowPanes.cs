using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>The state of one open window, as <see cref="WindowPanes{TState}"/> keeps and reuses it.</summary>
internal interface IPaneState
{
    /// <summary>The bytes of the state's arrays (capacity).</summary>
    long Bytes { get; }

    /// <summary>Forgets the window's content, keeping the arrays for the next window.</summary>
    void Clear();
}

/// <summary>
/// The open epoch-aligned windows of one operator (tumbling or sliding windows, a window
/// co-group): one state per window with content, in arrays sorted by window start.
/// <para>
/// All windows have the same size, so start order is also end order and cleanup order: windows
/// fire and are purged from the front. Under bounded out-of-orderness only a few windows are open
/// at a time, so finding a window is a check of a hint, then a binary search over a short array;
/// opening a window shifts the arrays at most by a few entries. A purged window's state is cleared
/// and kept in a pool (up to <see cref="MaxPooled"/>) for the next window to open, so a steady
/// stream opens and closes windows without allocating.
/// </para>
/// </summary>
internal class WindowPanes<TState>
    where TState : class, IPaneState, new()
{
    /// <summary>Cleared states kept for reuse; more than this are left to the GC.</summary>
    internal const int MaxPooled = 32;

    private readonly long _allowedLateness;
    private long[] _starts = new long[8];
    private TState[] _states = new TState[8];
    private int _count;
    private readonly TState[] _pool = new TState[MaxPooled];
    private int _pooled;

    internal WindowPanes(long size, long allowedLateness)
    {
        Size = size;
        _allowedLateness = allowedLateness;
    }

    /// <summary>The windows' length in ms.</summary>
    protected long Size { get; }

    /// <summary>Windows with state.</summary>
    internal int Count => _count;

    /// <summary>The start of the <paramref name="index"/>-th window in start order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long StartAt(int index) => _starts[index];

    /// <summary>The state of the <paramref name="index"/>-th window in start order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal TState StateAt(int index) => _states[index];

    /// <summary>Bytes of the open windows' states.</summary>
    internal long StateBytes
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _states[i].Bytes;
            }
            return sum;
        }
    }

    /// <summary>Bytes of the cleared states kept for reuse.</summary>
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
    /// state) if it has no state yet. <paramref name="hint"/> is where the caller expects it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int GetOrOpen(long start, int hint)
    {
        if ((uint)hint < (uint)_count && _starts[hint] == start)
        {
            return hint;
        }
        return Search(start);
    }

    /// <summary>Drops the windows whose cleanup time is at or before <paramref name="watermark"/>, pooling their states.</summary>
    internal void Purge(long watermark)
    {
        int purged = 0;
        while (purged < _count && WindowTime.CleanupTime(_starts[purged] + Size, _allowedLateness) <= watermark)
        {
            TState state = _states[purged];
            state.Clear();
            if (_pooled < MaxPooled)
            {
                _pool[_pooled++] = state;
            }
            purged++;
        }

        if (purged > 0)
        {
            Array.Copy(_starts, purged, _starts, 0, _count - purged);
            Array.Copy(_states, purged, _states, 0, _count - purged);
            Array.Clear(_states, _count - purged, purged);
            _count -= purged;
        }
    }

    private int Search(long start)
    {
        int low = 0, high = _count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            long found = _starts[middle];
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
        if (_count == _states.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _states, _states.Length * 2);
        }
        if (index < _count)
        {
            Array.Copy(_starts, index, _starts, index + 1, _count - index);
            Array.Copy(_states, index, _states, index + 1, _count - index);
        }
        TState state = _pooled > 0 ? _pool[--_pooled] : new TState();
        _pool[_pooled] = null!;
        _starts[index] = start;
        _states[index] = state;
        _count++;
        return index;
    }
}
