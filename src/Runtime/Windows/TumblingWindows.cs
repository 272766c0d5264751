using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The event-time tumbling window operator of one subtask, with the semantics of Flink's
/// <c>WindowOperator</c> over <c>TumblingEventTimeWindows</c> (offset 0) and an
/// <c>EventTimeTrigger</c>: windows <c>[Start, Start + size)</c> aligned to the epoch, each record in
/// exactly one window, incremental aggregation with <typeparamref name="TAggregator"/>.
/// <para>
/// Lifecycle of a window: opened by its first record; fired (every key's result emitted) when the
/// watermark reaches <c>End - 1</c>; kept while the watermark is before its cleanup time
/// <c>End - 1 + allowedLateness</c>, during which each record added to it fires that key's result
/// again at once, with the updated accumulator; then purged. A record whose window is past its
/// cleanup time is late: <see cref="Add"/> returns <see langword="false"/> and the caller sends it
/// to the late-data output. The final watermark <see cref="long.MaxValue"/> fires and purges everything.
/// </para>
/// <para>
/// Order of results: by window end, then by the order in which the keys entered the window, so a
/// given input order always gives the same output order. Layout: one
/// <see cref="KeyedStateTable{TKey, TValue}"/> of accumulators per open window, tables pooled
/// after purging; the window of the previous record is cached, so a record of the same window
/// costs one table lookup and the aggregate call, and allocates nothing.
/// </para>
/// <para>
/// A snapshot holds the shapes of the key and accumulator types, the watermark, the window size,
/// and per open window its start, keys and accumulators. Which windows have fired follows from the
/// watermark (those whose <c>End - 1</c> it reached), so a restored operator fires, re-fires and
/// rejects late records exactly as the one that took the snapshot would have.
/// </para>
/// </summary>
/// <typeparam name="TKey">The key of the keyed stream.</typeparam>
/// <typeparam name="TIn">The record.</typeparam>
/// <typeparam name="TAcc">The accumulator of a (key, window).</typeparam>
/// <typeparam name="TAggregator">Folds a record into an accumulator; a struct, so calls are direct.</typeparam>
public sealed class TumblingWindows<TKey, TIn, TAcc, TAggregator> : ICheckpointedOperator
    where TKey : notnull
    where TAggregator : IAggregator<TIn, TAcc>
{
    private readonly long _size;
    private readonly long _allowedLateness;
    private readonly AlignedWindowPanes<TKey, TAcc> _panes;
    private long _watermark = long.MinValue;

    // The window of the previous record; reset whenever the watermark moves.
    private KeyedStateTable<TKey, TAcc>? _cachedTable;
    private long _cachedStart;
    private bool _cachedFired;
    private int _cachedIndex;

    /// <summary>Creates the operator.</summary>
    /// <param name="sizeMs">The window size in ms, positive.</param>
    /// <param name="allowedLatenessMs">How long after a window fired its state is kept for late records, in ms; 0 or more.</param>
    public TumblingWindows(long sizeMs, long allowedLatenessMs)
    {
        if (sizeMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeMs), sizeMs, "A tumbling window's size must be positive.");
        }
        WindowTime.ValidateLateness(allowedLatenessMs);
        _size = sizeMs;
        _allowedLateness = allowedLatenessMs;
        _panes = new AlignedWindowPanes<TKey, TAcc>(sizeMs, allowedLatenessMs);
    }

    /// <summary>The window size in ms.</summary>
    public long SizeMs => _size;

    /// <summary>The allowed lateness in ms.</summary>
    public long AllowedLatenessMs => _allowedLateness;

    /// <summary>The last watermark received; <see cref="long.MinValue"/> before the first.</summary>
    public long CurrentWatermark => _watermark;

    /// <summary>The bytes of the open windows' state tables (see <see cref="KeyedStateTable{TKey, TValue}.EstimatedBytes"/>).</summary>
    public long StateBytes => _panes.StateBytes;

    /// <summary>The bytes of purged tables kept for reuse by the next windows.</summary>
    public long PooledBytes => _panes.PooledBytes;

    /// <summary>The (key, window) pairs whose state is held: not yet fired, or fired and within the allowed lateness.</summary>
    public int OpenWindows => _panes.KeyWindowCount;

    /// <summary>The windows (time ranges) with state, whatever the number of keys in each.</summary>
    public int OpenTimeWindows => _panes.Count;

    /// <summary>
    /// Folds a record into its window. If the window has already fired (it is behind the
    /// watermark but within the allowed lateness) the key's updated result is emitted into
    /// <paramref name="output"/> at once.
    /// </summary>
    /// <param name="key">The record's key.</param>
    /// <param name="timestamp">The record's event time in ms.</param>
    /// <param name="value">The record.</param>
    /// <param name="output">Receives a result if the window fires again.</param>
    /// <returns><see langword="false"/>, with nothing changed, if the record is late (its window is past its cleanup time).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add<TOutput>(in TKey key, long timestamp, in TIn value, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        KeyedStateTable<TKey, TAcc>? table = _cachedTable;
        if (table is null || (ulong)(timestamp - _cachedStart) >= (ulong)_size)
        {
            table = FindWindow(timestamp);
            if (table is null)
            {
                return false;
            }
        }

        ref TAcc accumulator = ref table.GetValueRefOrAddDefault(in key, out _);
        TAggregator.Add(ref accumulator, in value);
        if (_cachedFired)
        {
            output.Collect(new WindowResult<TKey, TAcc>(key, _cachedStart, _cachedStart + _size, accumulator));
        }
        return true;
    }

    /// <summary>
    /// Moves event time to <paramref name="watermark"/> (ignored unless it is greater than
    /// <see cref="CurrentWatermark"/>): fires, in order of end, every window whose <c>End - 1</c>
    /// it reaches, then purges the windows whose cleanup time it reaches.
    /// </summary>
    /// <param name="watermark">The new watermark; <see cref="long.MaxValue"/> ends a bounded input.</param>
    /// <param name="output">Receives the results.</param>
    public void AdvanceWatermark<TOutput>(long watermark, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        long previous = _watermark;
        if (watermark <= previous)
        {
            return;
        }

        _watermark = watermark;
        _cachedTable = null;
        _panes.Fire(previous, watermark, ref output);
        _panes.Purge(watermark);
    }

    /// <summary>
    /// Writes the state: the shapes of <typeparamref name="TKey"/> and <typeparamref name="TAcc"/>,
    /// the watermark, the window size, then the open windows (their number, and per window its
    /// start, keys and accumulators).
    /// </summary>
    public void Snapshot(StateWriter state)
    {
        state.WriteSchema<TKey>();
        state.WriteSchema<TAcc>();
        state.WriteInt64(_watermark);
        state.WriteInt64(_size);
        _panes.Snapshot(state);
    }

    /// <summary>
    /// Adds the (key, window) accumulators of one snapshot whose keys <paramref name="owner"/> owns,
    /// and takes the later of the two watermarks. Throws a <see cref="CheckpointException"/> when the
    /// key or accumulator type changed shape, the window size changed, or the state is malformed.
    /// </summary>
    public void Restore(StateReader state, KeyOwnership owner)
    {
        state.ReadSchema<TKey>("key");
        state.ReadSchema<TAcc>("accumulator");
        long watermark = state.ReadInt64();
        long size = state.ReadInt64();
        if (size != _size)
        {
            throw new CheckpointException(
                $"The state of {state.Operator} cannot be restored: it holds tumbling windows of {size} ms, the pipeline now has {_size} ms. Keep the window size, or start the job without this state.");
        }

        _watermark = Math.Max(_watermark, watermark);
        _panes.Restore(state, owner);

        // The window cache is only a shortcut: forget it, the next record looks its window up.
        _cachedTable = null;
        _cachedStart = 0;
        _cachedIndex = 0;
        _cachedFired = false;
    }

    /// <summary>Finds or opens the window of <paramref name="timestamp"/> and caches it; null if it is late.</summary>
    private KeyedStateTable<TKey, TAcc>? FindWindow(long timestamp)
    {
        long start = WindowTime.AlignedStart(timestamp, _size);
        long end = start + _size;
        if (WindowTime.CleanupTime(end, _allowedLateness) <= _watermark)
        {
            return null;
        }

        int index = _panes.GetOrOpen(start, _cachedIndex + (start > _cachedStart ? 1 : -1));
        KeyedStateTable<TKey, TAcc> table = _panes.TableAt(index);
        _cachedIndex = index;
        _cachedStart = start;
        _cachedFired = end - 1 <= _watermark;
        _cachedTable = table;
        return table;
    }
}
