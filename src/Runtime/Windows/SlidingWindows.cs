using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The event-time sliding window operator of one subtask, with the semantics of Flink's
/// <c>WindowOperator</c> over <c>SlidingEventTimeWindows</c> (offset 0) and an
/// <c>EventTimeTrigger</c>: windows <c>[Start, Start + size)</c> whose starts are the multiples of
/// the slide; a record belongs to every window that contains it (about size / slide of them) and
/// is folded into each with <typeparamref name="TAggregator"/>.
/// <para>
/// Lifecycle of a window: opened by its first record; fired (every key's result emitted) when the
/// watermark reaches <c>End - 1</c>; kept while the watermark is before its cleanup time
/// <c>End - 1 + allowedLateness</c>, during which each record added to it fires that key's result
/// again at once; then purged. A record is late when every window it belongs to is past its
/// cleanup time: <see cref="Add"/> returns <see langword="false"/> and the caller sends it to the
/// late-data output. A record for which only some windows are past cleanup goes into the others.
/// The final watermark <see cref="long.MaxValue"/> fires and purges everything.
/// </para>
/// <para>
/// Order of results: by window end, then by the order in which the keys entered the window (the
/// results one <see cref="Add"/> emits at once are in order of end too). Layout: one
/// <see cref="KeyedStateTable{TKey, TValue}"/> of accumulators per open window, tables pooled after
/// purging; the windows of a record are consecutive in the sorted window array, found from the
/// position the previous record used, so a record costs one table lookup per window it belongs to.
/// </para>
/// <para>
/// A snapshot holds the shapes of the key and accumulator types, the watermark, the window size
/// and slide, and per open window its start, keys and accumulators. Which windows have fired
/// follows from the watermark (those whose <c>End - 1</c> it reached), so a restored operator
/// fires, re-fires and rejects late records exactly as the one that took the snapshot would have.
/// </para>
/// </summary>
/// <typeparam name="TKey">The key of the keyed stream.</typeparam>
/// <typeparam name="TIn">The record.</typeparam>
/// <typeparam name="TAcc">The accumulator of a (key, window).</typeparam>
/// <typeparam name="TAggregator">Folds a record into an accumulator; a struct, so calls are direct.</typeparam>
public sealed class SlidingWindows<TKey, TIn, TAcc, TAggregator> : ICheckpointedOperator
    where TKey : notnull
    where TAggregator : IAggregator<TIn, TAcc>
{
    private readonly long _size;
    private readonly long _slide;
    private readonly long _allowedLateness;
    private readonly AlignedWindowPanes<TKey, TAcc> _panes;
    private long _watermark = long.MinValue;

    // Where the first window of the previous record was in the window array.
    private int _hint;

    // The last window start of the previous record: saves the division for records of the same slide.
    private long _lastStart;
    private bool _hasLastStart;

    /// <summary>Creates the operator.</summary>
    /// <param name="sizeMs">The window size in ms, positive.</param>
    /// <param name="slideMs">The distance between window starts in ms, positive and at most <paramref name="sizeMs"/>.</param>
    /// <param name="allowedLatenessMs">How long after a window fired its state is kept for late records, in ms; 0 or more.</param>
    public SlidingWindows(long sizeMs, long slideMs, long allowedLatenessMs)
    {
        if (sizeMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeMs), sizeMs, "A sliding window's size must be positive.");
        }
        if (slideMs <= 0 || slideMs > sizeMs)
        {
            throw new ArgumentOutOfRangeException(nameof(slideMs), slideMs, $"A sliding window's slide must be positive and at most its size ({sizeMs} ms).");
        }
        WindowTime.ValidateLateness(allowedLatenessMs);
        _size = sizeMs;
        _slide = slideMs;
        _allowedLateness = allowedLatenessMs;
        _panes = new AlignedWindowPanes<TKey, TAcc>(sizeMs, allowedLatenessMs);
    }

    /// <summary>The window size in ms.</summary>
    public long SizeMs => _size;

    /// <summary>The distance between window starts in ms.</summary>
    public long SlideMs => _slide;

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
    /// Folds a record into each of its windows that is not past its cleanup time. For each such
    /// window that has already fired, the key's updated result is emitted into
    /// <paramref name="output"/> at once (in order of window end).
    /// </summary>
    /// <param name="key">The record's key.</param>
    /// <param name="timestamp">The record's event time in ms.</param>
    /// <param name="value">The record.</param>
    /// <param name="output">Receives the results of windows that fire again.</param>
    /// <returns><see langword="false"/>, with nothing changed, if the record is late for every window it belongs to.</returns>
    public bool Add<TOutput>(in TKey key, long timestamp, in TIn value, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        long size = _size, slide = _slide, watermark = _watermark;
        long lastStart = _lastStart;
        if (!_hasLastStart || (ulong)(timestamp - lastStart) >= (ulong)slide)
        {
            lastStart = WindowTime.AlignedStart(timestamp, slide);
            _lastStart = lastStart;
            _hasLastStart = true;
        }

        // The last window ends last: if it is past cleanup, so is every other.
        if (WindowTime.CleanupTime(lastStart + size, _allowedLateness) <= watermark)
        {
            return false;
        }

        // The first window: the smallest aligned start after timestamp - size, skipping late windows.
        long start = lastStart;
        long lowest = timestamp - size;
        while (start - slide > lowest)
        {
            start -= slide;
        }
        while (WindowTime.CleanupTime(start + size, _allowedLateness) <= watermark)
        {
            start += slide;
        }

        int index = _hint;
        bool first = true;
        for (; start <= lastStart; start += slide)
        {
            index = _panes.GetOrOpen(start, index);
            if (first)
            {
                _hint = index;
                first = false;
            }

            KeyedStateTable<TKey, TAcc> table = _panes.TableAt(index);
            ref TAcc accumulator = ref table.GetValueRefOrAddDefault(in key, out _);
            TAggregator.Add(ref accumulator, in value);
            long end = start + size;
            if (end - 1 <= watermark)
            {
                output.Collect(new WindowResult<TKey, TAcc>(key, start, end, accumulator));
            }
            index++;
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
        _panes.Fire(previous, watermark, ref output);
        _panes.Purge(watermark);
    }

    /// <summary>
    /// Writes the state: the shapes of <typeparamref name="TKey"/> and <typeparamref name="TAcc"/>,
    /// the watermark, the window size and slide, then the open windows (their number, and per window
    /// its start, keys and accumulators).
    /// </summary>
    public void Snapshot(StateWriter state)
    {
        state.WriteSchema<TKey>();
        state.WriteSchema<TAcc>();
        state.WriteInt64(_watermark);
        state.WriteInt64(_size);
        state.WriteInt64(_slide);
        _panes.Snapshot(state);
    }

    /// <summary>
    /// Adds the (key, window) accumulators of one snapshot whose keys <paramref name="owner"/> owns,
    /// and takes the later of the two watermarks. Throws a <see cref="CheckpointException"/> when the
    /// key or accumulator type changed shape, the window size or slide changed, or the state is malformed.
    /// </summary>
    public void Restore(StateReader state, KeyOwnership owner)
    {
        state.ReadSchema<TKey>("key");
        state.ReadSchema<TAcc>("accumulator");
        long watermark = state.ReadInt64();
        long size = state.ReadInt64();
        long slide = state.ReadInt64();
        if (size != _size || slide != _slide)
        {
            throw new CheckpointException(
                $"The state of {state.Operator} cannot be restored: it holds sliding windows of {size} ms every {slide} ms, the pipeline now has {_size} ms every {_slide} ms. Keep the window size and slide, or start the job without this state.");
        }

        _watermark = Math.Max(_watermark, watermark);
        _panes.Restore(state, owner);

        // The position hints are only shortcuts: forget them, the next record computes its windows.
        _hint = 0;
        _lastStart = 0;
        _hasLastStart = false;
    }
}
