using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The keyed window join of one subtask, with the semantics of Flink's <c>CoGroupedStreams</c> over
/// event-time tumbling or sliding windows (<c>WindowOperator</c> with an <c>EventTimeTrigger</c>):
/// each record, left or right, goes into every window <c>[Start, Start + size)</c> that contains
/// its time (starts are the multiples of the slide, aligned to the epoch; tumbling when the slide
/// is the size), and when a window fires <typeparamref name="TFunction"/> sees, for each key with
/// records in it, all the key's left and right records of the window. An inner join is the
/// co-group that emits each (left, right) pair; a co-group that emits when one side is empty is an
/// outer join.
/// <para>
/// Lifecycle of a window: opened by its first record (either side); fired when the watermark
/// reaches <c>End - 1</c>, once per key that has at least one record in it, each result emitted as
/// <c>Keyed(key, End - 1, value)</c>; kept while the watermark is before its cleanup time
/// <c>End - 1 + allowedLateness</c>, during which each record added to it fires that (key, window)
/// again at once with all its records so far; then purged. A record is late when every window it
/// belongs to is past its cleanup time: <see cref="Add"/> returns <see langword="false"/>, changes
/// nothing, and the caller sends the record to the late-data output. The final watermark
/// <see cref="long.MaxValue"/> fires and purges everything.
/// </para>
/// <para>
/// Order of results: by window end, then by the order in which the keys first entered the window
/// (never by hash), so a given input order always gives the same output order; the re-firings one
/// <see cref="Add"/> causes are in order of window end.
/// </para>
/// <para>
/// Layout, with no object per record or per key: per open window a
/// <see cref="CoGroupPane{TKey, TLeft, TRight}"/> (a <see cref="KeyedStateTable{TKey, TValue}"/> from
/// key to its two record chains, and one append-only node arena per side), panes in an array
/// sorted by start and pooled after purging (<see cref="CoGroupPanes{TKey, TLeft, TRight}"/>). A
/// record of a sliding window is copied into each of its <c>size / slide</c> windows, as Flink
/// does. On firing, the key's records are copied in arrival order into two scratch arrays rented
/// from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and kept between firings (grown to the
/// largest group; returned by <see cref="Dispose"/>), so the function gets contiguous spans; its
/// <see cref="Emitter{T}"/> is one per <see cref="AdvanceWatermark"/> call (or per re-firing),
/// cleared between keys, its buffer rented from the pool on the first emit and returned at the
/// end of the call. After warm-up, adding and firing allocate nothing.
/// </para>
/// <para>
/// Checkpoints: a snapshot holds the shapes of the key and record types, the watermark, the
/// window size, slide and allowed lateness, and per open window its start and, per key in firing
/// order, the key's left and right records in arrival order.
/// </para>
/// </summary>
/// <typeparam name="TKey">The join key.</typeparam>
/// <typeparam name="TLeft">The record of the left input.</typeparam>
/// <typeparam name="TRight">The record of the right input.</typeparam>
/// <typeparam name="TOut">The record the co-group emits.</typeparam>
/// <typeparam name="TFunction">The co-group; a struct, so calls are direct.</typeparam>
public sealed class WindowCoGroupOperator<TKey, TLeft, TRight, TOut, TFunction> : IDisposable, ICheckpointedOperator
    where TKey : notnull
    where TFunction : ICoGroupFunction<TKey, TLeft, TRight, TOut>
{
    private readonly long _size;
    private readonly long _slide;
    private readonly long _allowedLateness;
    private readonly CoGroupPanes<TKey, TLeft, TRight> _panes;
    private long _watermark = long.MinValue;

    // Where the first window of the previous record was in the window array.
    private int _hint;

    // The last window start of the previous record: saves the division for records of the same slide.
    private long _lastStart;
    private bool _hasLastStart;

    // One key's records of one window, copied for the function's spans; cleared after each call.
    private TLeft[] _leftScratch = [];
    private TRight[] _rightScratch = [];

    /// <summary>Creates the operator.</summary>
    /// <param name="sizeMs">The window size in ms, positive.</param>
    /// <param name="slideMs">The distance between window starts in ms, positive and at most <paramref name="sizeMs"/>; equal to it for tumbling windows.</param>
    /// <param name="allowedLatenessMs">How long after a window fired its state is kept for late records, in ms; 0 or more.</param>
    public WindowCoGroupOperator(long sizeMs, long slideMs, long allowedLatenessMs)
    {
        if (sizeMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeMs), sizeMs, "The window size of a window join must be positive.");
        }
        if (slideMs <= 0 || slideMs > sizeMs)
        {
            throw new ArgumentOutOfRangeException(nameof(slideMs), slideMs, $"The window slide of a window join must be positive and at most its size ({sizeMs} ms); equal to the size for tumbling windows.");
        }
        WindowTime.ValidateLateness(allowedLatenessMs);
        _size = sizeMs;
        _slide = slideMs;
        _allowedLateness = allowedLatenessMs;
        _panes = new CoGroupPanes<TKey, TLeft, TRight>(sizeMs, allowedLatenessMs);
    }

    /// <summary>The window size in ms.</summary>
    public long SizeMs => _size;

    /// <summary>The distance between window starts in ms (the size for tumbling windows).</summary>
    public long SlideMs => _slide;

    /// <summary>The allowed lateness in ms.</summary>
    public long AllowedLatenessMs => _allowedLateness;

    /// <summary>The last watermark received; <see cref="long.MinValue"/> before the first.</summary>
    public long CurrentWatermark => _watermark;

    /// <summary>
    /// The bytes of the open windows' state: each window's key table and record arenas, by
    /// capacity (see <see cref="KeyedStateTable{TKey, TValue}.EstimatedBytes"/>). Goes back to 0
    /// once every window is purged; the arrays of purged windows are counted in <see cref="PooledBytes"/>.
    /// </summary>
    public long StateBytes => _panes.StateBytes;

    /// <summary>The bytes kept for reuse: purged windows' arrays waiting for the next windows, and the scratch arrays.</summary>
    public long PooledBytes =>
        _panes.PooledBytes
        + (long)_leftScratch.Length * Unsafe.SizeOf<TLeft>()
        + (long)_rightScratch.Length * Unsafe.SizeOf<TRight>();

    /// <summary>The (key, window) pairs whose state is held: not yet fired, or fired and within the allowed lateness.</summary>
    public int OpenWindows => _panes.KeyWindowCount;

    /// <summary>The windows (time ranges) with state, whatever the number of keys in each.</summary>
    public int OpenTimeWindows => _panes.Count;

    /// <summary>The records held, a record counted once per window it is in.</summary>
    public long BufferedRecords => _panes.RecordCount;

    /// <summary>
    /// Adds a record of either side to each of its windows that is not past its cleanup time. For
    /// each such window whose end the watermark has already reached, that (key, window) fires
    /// again at once into <paramref name="output"/> (in order of window end), with all its records.
    /// </summary>
    /// <param name="key">The record's key.</param>
    /// <param name="timestamp">The record's event time in ms.</param>
    /// <param name="value">The record and its side.</param>
    /// <param name="output">Receives the results of windows that fire again.</param>
    /// <returns><see langword="false"/>, with nothing changed, if the record is late for every window it belongs to.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add<TOutput>(in TKey key, long timestamp, in JoinInput<TLeft, TRight> value, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
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
        if (slide != size)
        {
            start = WindowTime.AlignedStart(timestamp - size, slide) + slide;
            while (WindowTime.CleanupTime(start + size, _allowedLateness) <= watermark)
            {
                start += slide;
            }
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

            CoGroupPane<TKey, TLeft, TRight> pane = _panes.StateAt(index);
            ref KeyRecords records = ref pane.Keys.GetValueRefOrAddDefault(in key, out _);
            if (value.IsLeft)
            {
                pane.Left.Append(in value.Left, ref records.Left);
            }
            else
            {
                pane.Right.Append(in value.Right, ref records.Right);
            }

            if (start + size - 1 <= watermark)
            {
                FireAgain(pane, start, in key, in records, ref output);
            }
            index++;
        }
        return true;
    }

    /// <summary>
    /// Moves event time to <paramref name="watermark"/> (ignored unless it is greater than
    /// <see cref="CurrentWatermark"/>): fires every window whose <c>End - 1</c> it reaches, in order
    /// of end and, within a window, of the keys' first arrival; then purges the windows whose
    /// cleanup time it reaches.
    /// </summary>
    /// <param name="watermark">The new watermark; <see cref="long.MaxValue"/> ends a bounded input.</param>
    /// <param name="output">Receives the results.</param>
    public void AdvanceWatermark<TOutput>(long watermark, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        long previous = _watermark;
        if (watermark <= previous)
        {
            return;
        }

        _watermark = watermark;
        var emitter = new Emitter<TOut>();
        try
        {
            for (int i = 0; i < _panes.Count; i++)
            {
                CoGroupPane<TKey, TLeft, TRight> pane = _panes.StateAt(i);
                long start = _panes.StartAt(i);
                long maxTimestamp = start + _size - 1;
                if (maxTimestamp <= previous)
                {
                    continue; // fired by an earlier watermark, or at once when it opened behind one
                }
                if (maxTimestamp > watermark)
                {
                    break;
                }

                KeyedStateTable<TKey, KeyRecords> keys = pane.Keys;
                for (int k = 0; k < keys.Count; k++)
                {
                    Fire(pane, start, in keys.KeyAt(k), in keys.ValueAt(k), ref emitter, ref output);
                }
            }
        }
        finally
        {
            emitter.Dispose();
        }

        _panes.Purge(watermark);
    }

    /// <summary>Returns the scratch arrays to <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the state stays, and a later firing rents again.</summary>
    public void Dispose()
    {
        ScratchBuffer.Return(ref _leftScratch);
        ScratchBuffer.Return(ref _rightScratch);
    }

    /// <summary>
    /// Writes the state: the shapes of <typeparamref name="TKey"/>, <typeparamref name="TLeft"/> and
    /// <typeparamref name="TRight"/>; the watermark, size, slide and allowed lateness; the number of
    /// open windows and, per window in start order, its start and then as spans its keys (in firing
    /// order), each key's left and right record counts, the left records and the right records, each
    /// key's records in arrival order.
    /// </summary>
    public void Snapshot(StateWriter state)
    {
        state.WriteSchema<TKey>();
        state.WriteSchema<TLeft>();
        state.WriteSchema<TRight>();
        state.WriteInt64(_watermark);
        state.WriteInt64(_size);
        state.WriteInt64(_slide);
        state.WriteInt64(_allowedLateness);
        state.WriteInt32(_panes.Count);

        int maxKeys = 0, maxLeft = 0, maxRight = 0;
        for (int i = 0; i < _panes.Count; i++)
        {
            CoGroupPane<TKey, TLeft, TRight> pane = _panes.StateAt(i);
            maxKeys = Math.Max(maxKeys, pane.Keys.Count);
            maxLeft = Math.Max(maxLeft, pane.Left.Count);
            maxRight = Math.Max(maxRight, pane.Right.Count);
        }

        TKey[] keys = ArrayPool<TKey>.Shared.Rent(maxKeys);
        int[] leftCounts = ArrayPool<int>.Shared.Rent(maxKeys);
        int[] rightCounts = ArrayPool<int>.Shared.Rent(maxKeys);
        TLeft[] lefts = ArrayPool<TLeft>.Shared.Rent(maxLeft);
        TRight[] rights = ArrayPool<TRight>.Shared.Rent(maxRight);
        try
        {
            for (int i = 0; i < _panes.Count; i++)
            {
                CoGroupPane<TKey, TLeft, TRight> pane = _panes.StateAt(i);
                int k = 0, l = 0, r = 0;
                foreach (KeyedStateTable<TKey, KeyRecords>.Entry entry in pane.Keys)
                {
                    keys[k] = entry.Key;
                    leftCounts[k] = pane.Left.CopyTo(in entry.Value.Left, lefts.AsSpan(l));
                    rightCounts[k] = pane.Right.CopyTo(in entry.Value.Right, rights.AsSpan(r));
                    l += leftCounts[k];
                    r += rightCounts[k];
                    k++;
                }

                state.WriteInt64(_panes.StartAt(i));
                state.WriteSpan<TKey>(keys.AsSpan(0, k));
                state.WriteSpan<int>(leftCounts.AsSpan(0, k));
                state.WriteSpan<int>(rightCounts.AsSpan(0, k));
                state.WriteSpan<TLeft>(lefts.AsSpan(0, l));
                state.WriteSpan<TRight>(rights.AsSpan(0, r));
            }
        }
        finally
        {
            ArrayPool<TKey>.Shared.Return(keys, RuntimeHelpers.IsReferenceOrContainsReferences<TKey>());
            ArrayPool<int>.Shared.Return(leftCounts);
            ArrayPool<int>.Shared.Return(rightCounts);
            ArrayPool<TLeft>.Shared.Return(lefts, RuntimeHelpers.IsReferenceOrContainsReferences<TLeft>());
            ArrayPool<TRight>.Shared.Return(rights, RuntimeHelpers.IsReferenceOrContainsReferences<TRight>());
        }
    }

    /// <summary>
    /// Adds the windows of one snapshot, with the keys <paramref name="owner"/> owns and their
    /// records (after those of the same key and window already restored), and takes the later of
    /// the two watermarks; windows past their cleanup time under this operator's allowed lateness
    /// are left out. Throws a <see cref="CheckpointException"/> when a type changed shape, the
    /// window size or slide changed (the records' windows would not be this operator's), or the
    /// state is malformed; nothing is changed until the whole snapshot is read.
    /// </summary>
    public void Restore(StateReader state, KeyOwnership owner)
    {
        state.ReadSchema<TKey>("key");
        state.ReadSchema<TLeft>("left record");
        state.ReadSchema<TRight>("right record");
        long watermark = state.ReadInt64();
        long size = state.ReadInt64();
        long slide = state.ReadInt64();
        state.ReadInt64(); // the snapshot's allowed lateness: windows are kept by the current one
        if (size != _size || slide != _slide)
        {
            throw new CheckpointException(
                $"The state of {state.Operator} cannot be restored: its windows are {size} ms long every {slide} ms, the pipeline's now {_size} ms long every {_slide} ms. Keep the window size and slide, or start the join without this state.");
        }

        int paneCount = state.ReadInt32();
        if (paneCount < 0)
        {
            throw new CheckpointException($"The state of {state.Operator} is malformed: it claims {paneCount} windows.");
        }

        var panes = new StoredPane[paneCount];
        for (int i = 0; i < paneCount; i++)
        {
            panes[i] = StoredPane.Read(state, slide);
        }

        _watermark = Math.Max(_watermark, watermark);
        foreach (StoredPane stored in panes)
        {
            if (WindowTime.CleanupTime(stored.Start + _size, _allowedLateness) > _watermark)
            {
                AddStored(in stored, owner);
            }
        }
    }

    /// <summary>Adds the records of the owned keys of a stored window, opening the window at its first such key.</summary>
    private void AddStored(in StoredPane stored, KeyOwnership owner)
    {
        CoGroupPane<TKey, TLeft, TRight>? pane = null;
        int l = 0, r = 0;
        for (int k = 0; k < stored.Keys.Length; k++)
        {
            int leftEnd = l + stored.LeftCounts[k], rightEnd = r + stored.RightCounts[k];
            bool hasRecords = leftEnd > l || rightEnd > r;
            if (hasRecords && owner.Owns(in stored.Keys[k]))
            {
                pane ??= _panes.StateAt(_panes.GetOrOpen(stored.Start, -1));
                ref KeyRecords records = ref pane.Keys.GetValueRefOrAddDefault(in stored.Keys[k], out _);
                for (; l < leftEnd; l++)
                {
                    pane.Left.Append(in stored.Lefts[l], ref records.Left);
                }

                for (; r < rightEnd; r++)
                {
                    pane.Right.Append(in stored.Rights[r], ref records.Right);
                }
            }

            l = leftEnd;
            r = rightEnd;
        }
    }

    /// <summary>Fires one (key, window) that a record within the allowed lateness changed, with an emitter of its own.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FireAgain<TOutput>(CoGroupPane<TKey, TLeft, TRight> pane, long start, in TKey key, in KeyRecords records, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        var emitter = new Emitter<TOut>();
        try
        {
            Fire(pane, start, in key, in records, ref emitter, ref output);
        }
        finally
        {
            emitter.Dispose();
        }
    }

    /// <summary>
    /// Copies the key's records of the window into the scratch arrays, calls the co-group over them
    /// and passes what it emitted on with the time <c>End - 1</c>; leaves the emitter and the
    /// scratch arrays cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Fire<TOutput>(CoGroupPane<TKey, TLeft, TRight> pane, long start, in TKey key, in KeyRecords records, ref Emitter<TOut> emitter, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        int leftCount = pane.Left.CopyTo(in records.Left, ref _leftScratch);
        int rightCount = pane.Right.CopyTo(in records.Right, ref _rightScratch);
        long end = start + _size;
        var window = new JoinWindow<TKey, TLeft, TRight>(
            key, start, end, new ReadOnlySpan<TLeft>(_leftScratch, 0, leftCount), new ReadOnlySpan<TRight>(_rightScratch, 0, rightCount));
        TFunction.CoGroup(in window, ref emitter);

        long timestamp = end - 1;
        foreach (ref readonly TOut result in emitter.Emitted)
        {
            output.Collect(new Keyed<TKey, TOut>(key, timestamp, result));
        }
        emitter.Clear();
        ScratchBuffer.Release(_leftScratch, leftCount);
        ScratchBuffer.Release(_rightScratch, rightCount);
    }

    /// <summary>One window as a snapshot holds it, read whole before anything is restored.</summary>
    private readonly record struct StoredPane(long Start, TKey[] Keys, int[] LeftCounts, int[] RightCounts, TLeft[] Lefts, TRight[] Rights)
    {
        public static StoredPane Read(StateReader state, long slide)
        {
            long start = state.ReadInt64();
            var pane = new StoredPane(start, state.ReadArray<TKey>(), state.ReadArray<int>(), state.ReadArray<int>(), state.ReadArray<TLeft>(), state.ReadArray<TRight>());
            if (WindowTime.AlignedStart(start, slide) != start
                || pane.LeftCounts.Length != pane.Keys.Length
                || pane.RightCounts.Length != pane.Keys.Length
                || !AddsUpTo(pane.LeftCounts, pane.Lefts.Length)
                || !AddsUpTo(pane.RightCounts, pane.Rights.Length))
            {
                throw new CheckpointException(
                    $"The state of {state.Operator} is malformed: the window at {start} has {pane.Keys.Length} keys, {pane.LeftCounts.Length} and {pane.RightCounts.Length} record counts, {pane.Lefts.Length} left and {pane.Rights.Length} right records.");
            }

            return pane;
        }

        private static bool AddsUpTo(int[] counts, int total)
        {
            long sum = 0;
            foreach (int count in counts)
            {
                if (count < 0)
                {
                    return false;
                }

                sum += count;
            }

            return sum == total;
        }
    }
}
