using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The event-time session window operator of one subtask, with the semantics of Flink's
/// <c>WindowOperator</c> over <c>EventTimeSessionWindows</c> (a merging assigner) and an
/// <c>EventTimeTrigger</c>. Each record gets the window <c>[timestamp, timestamp + gap)</c>; windows
/// of the same key that overlap or touch (<c>a.Start &lt;= b.End &amp;&amp; a.End &gt;= b.Start</c>,
/// as Flink's <c>TimeWindow.intersects</c>) merge into one session, their accumulators merged
/// with <typeparamref name="TMerger"/> in order of start before the record is folded in with
/// <typeparamref name="TAggregator"/>.
/// <para>
/// Lifecycle of a session: opened by a record that touches no open session of its key; extended
/// or merged by later records; fired when the watermark reaches <c>End - 1</c>; kept while the
/// watermark is before its cleanup time <c>End - 1 + allowedLateness</c>; then purged. A session
/// that fired but is not purged still merges with new windows: if the merged session ends at or
/// before the watermark it fires again at once with the merged accumulator, otherwise it fires
/// when the watermark reaches its new end. A record is late (<see cref="Add"/> returns
/// <see langword="false"/>, nothing changes) only when its own window touches no open session
/// and is past its cleanup time. The final watermark <see cref="long.MaxValue"/> fires and
/// purges everything.
/// </para>
/// <para>
/// Order of results: by session end, then by the order in which the sessions were opened (a
/// merged session takes the earliest opening of its parts). Sessions of one key never share an
/// end, so this is a total order, deterministic for a given input order.
/// </para>
/// <para>
/// Layout, with no object per key or per session: a <see cref="KeyedStateTable{TKey, TValue}"/>
/// maps a key to the first of its open sessions, which form a list sorted by start in a pooled
/// array of session nodes (key, accumulator, start, end). Timers live in one
/// <see cref="PriorityQueue{TElement, TPriority}"/> ordered by (time, opening order) with lazy
/// deletion: a node has one valid timer, whose time may be earlier than its due time (a session
/// that grew) but never later; a timer that comes due early is pushed again at the right time,
/// so extending a session costs no queue operation. Timers of merged-away or purged nodes are
/// recognised by a version number and skipped.
/// </para>
/// <para>
/// A snapshot holds the shapes of the key and accumulator types, the watermark, the next opening
/// number, and every open session (key, accumulator, start, end, opening number), grouped by key
/// in start order. Whether a session has fired follows from the watermark (its <c>End - 1</c> is at
/// or before it), and each session has exactly one due timer (its firing or its cleanup), so
/// neither flags nor timers are stored: restore rebuilds them, and a restored operator fires,
/// merges, re-fires and rejects late records exactly as the one that took the snapshot would have.
/// </para>
/// </summary>
/// <typeparam name="TKey">The key of the keyed stream.</typeparam>
/// <typeparam name="TIn">The record.</typeparam>
/// <typeparam name="TAcc">The accumulator of a (key, session).</typeparam>
/// <typeparam name="TAggregator">Folds a record into an accumulator; a struct, so calls are direct.</typeparam>
/// <typeparam name="TMerger">Merges the accumulators of two sessions that merge.</typeparam>
public sealed class SessionWindows<TKey, TIn, TAcc, TAggregator, TMerger> : ICheckpointedOperator
    where TKey : notnull
    where TAggregator : IAggregator<TIn, TAcc>
    where TMerger : IAccumulatorMerger<TAcc>
{
    private const int NoNode = -1;

    private readonly long _gap;
    private readonly long _allowedLateness;

    /// <summary>Key → index of its first open session node (the one with the smallest start).</summary>
    private readonly KeyedStateTable<TKey, int> _heads = new();

    private SessionNode[] _nodes = new SessionNode[16];
    private int _nodesUsed;
    private int _freeNode = NoNode;
    private int _liveNodes;
    private long _nextSequence;

    private readonly PriorityQueue<SessionTimer, TimerPriority> _timers = new();
    private long _watermark = long.MinValue;

    /// <summary>Creates the operator.</summary>
    /// <param name="gapMs">The session gap in ms, positive: a record extends its session to <c>timestamp + gap</c>.</param>
    /// <param name="allowedLatenessMs">How long after a session fired its state is kept for late records, in ms; 0 or more.</param>
    public SessionWindows(long gapMs, long allowedLatenessMs)
    {
        if (gapMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gapMs), gapMs, "A session window's gap must be positive.");
        }
        WindowTime.ValidateLateness(allowedLatenessMs);
        _gap = gapMs;
        _allowedLateness = allowedLatenessMs;
    }

    /// <summary>The session gap in ms.</summary>
    public long GapMs => _gap;

    /// <summary>The allowed lateness in ms.</summary>
    public long AllowedLatenessMs => _allowedLateness;

    /// <summary>The last watermark received; <see cref="long.MinValue"/> before the first.</summary>
    public long CurrentWatermark => _watermark;

    /// <summary>
    /// The bytes of the session state: the key table, the session node array and the timer queue's
    /// entries (see <see cref="KeyedStateTable{TKey, TValue}.EstimatedBytes"/>).
    /// </summary>
    public long StateBytes =>
        _heads.EstimatedBytes
        + (long)_nodes.Length * Unsafe.SizeOf<SessionNode>()
        + (long)_timers.EnsureCapacity(0) * (Unsafe.SizeOf<SessionTimer>() + Unsafe.SizeOf<TimerPriority>());

    /// <summary>The open sessions (each of one key): not yet fired, or fired and within the allowed lateness.</summary>
    public int OpenWindows => _liveNodes;

    /// <summary>The keys with at least one open session.</summary>
    public int OpenKeys => _heads.Count;

    /// <summary>
    /// Puts a record's window <c>[timestamp, timestamp + gap)</c> into its key's sessions, merging
    /// every open session it touches, and folds the record in. If the resulting session ends at or
    /// before the watermark (a late record within the allowed lateness), its result is emitted into
    /// <paramref name="output"/> at once.
    /// </summary>
    /// <param name="key">The record's key.</param>
    /// <param name="timestamp">The record's event time in ms.</param>
    /// <param name="value">The record.</param>
    /// <param name="output">Receives the session's result if it fires at once.</param>
    /// <returns><see langword="false"/>, with nothing changed, if the record is late.</returns>
    public bool Add<TOutput>(in TKey key, long timestamp, in TIn value, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        long start = timestamp;
        long end = timestamp + _gap;

        ref int head = ref _heads.GetValueRefOrNullRef(in key);
        if (Unsafe.IsNullRef(ref head))
        {
            if (IsLate(end))
            {
                return false;
            }
            int opened = OpenSession(in key, start, end, in value, ref output);
            _heads.GetValueRefOrAddDefault(in key, out _) = opened;
            return true;
        }

        // Sessions are sorted by start and pairwise apart; skip those that end before the window.
        int previous = NoNode;
        int current = head;
        while (current != NoNode && _nodes[current].End < start)
        {
            previous = current;
            current = _nodes[current].Next;
        }

        if (current == NoNode || _nodes[current].Start > end)
        {
            if (IsLate(end))
            {
                return false;
            }
            int opened = OpenSession(in key, start, end, in value, ref output);
            _nodes[opened].Next = current;
            if (previous == NoNode)
            {
                head = opened;
            }
            else
            {
                _nodes[previous].Next = opened;
            }
            return true;
        }

        // Merge into the first session the window touches every following one it touches.
        ref SessionNode session = ref _nodes[current];
        long mergedStart = Math.Min(session.Start, start);
        long mergedEnd = Math.Max(session.End, end);
        bool merged = false;
        int next = session.Next;
        while (next != NoNode && _nodes[next].Start <= end)
        {
            ref SessionNode other = ref _nodes[next];
            TMerger.Merge(ref session.Accumulator, in other.Accumulator);
            mergedEnd = Math.Max(mergedEnd, other.End);
            session.Sequence = Math.Min(session.Sequence, other.Sequence);
            int after = other.Next;
            FreeNode(next);
            next = after;
            merged = true;
        }

        session.Next = next;
        session.Start = mergedStart;
        session.End = mergedEnd;
        TAggregator.Add(ref session.Accumulator, in value);
        FireIfBehindWatermark(ref session, ref output);
        if (merged)
        {
            Schedule(current, force: true); // the opening order may have moved earlier
        }
        else
        {
            Schedule(current, force: false);
        }
        return true;
    }

    /// <summary>
    /// Moves event time to <paramref name="watermark"/> (ignored unless it is greater than
    /// <see cref="CurrentWatermark"/>): fires every session whose <c>End - 1</c> it reaches, in
    /// order of end then opening, and purges the sessions whose cleanup time it reaches.
    /// </summary>
    /// <param name="watermark">The new watermark; <see cref="long.MaxValue"/> ends a bounded input.</param>
    /// <param name="output">Receives the results.</param>
    public void AdvanceWatermark<TOutput>(long watermark, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        while (_timers.TryPeek(out SessionTimer timer, out TimerPriority priority) && priority.Time <= watermark)
        {
            _timers.Dequeue();
            ref SessionNode node = ref _nodes[timer.Node];
            if (node.Version != timer.Version)
            {
                continue; // the session was merged away or purged
            }

            (bool cleanup, long due) = DueTimer(ref node);
            Debug.Assert(due >= priority.Time, "A session timer must never be later than the session's due time.");
            if (due != priority.Time || cleanup != timer.Cleanup)
            {
                Push(timer.Node, ref node, cleanup, due); // came due early: the session grew or fired since
                continue;
            }

            if (!cleanup)
            {
                output.Collect(new WindowResult<TKey, TAcc>(node.Key, node.Start, node.End, node.Accumulator));
                node.Fired = true;
                long cleanupTime = WindowTime.CleanupTime(node.End, _allowedLateness);
                if (cleanupTime > watermark)
                {
                    Push(timer.Node, ref node, cleanup: true, cleanupTime);
                    continue;
                }
            }

            Purge(timer.Node);
        }
    }

    /// <summary>
    /// Writes the state: the shapes of <typeparamref name="TKey"/> and <typeparamref name="TAcc"/>,
    /// the watermark, the next opening number, the keys with open sessions and each one's number of
    /// sessions (two spans, in the key table's order), then the sessions of those keys in that order,
    /// each key's by start: their accumulators, starts, ends and opening numbers (four spans).
    /// </summary>
    public void Snapshot(StateWriter state)
    {
        state.WriteSchema<TKey>();
        state.WriteSchema<TAcc>();
        state.WriteInt64(_watermark);
        state.WriteInt64(_nextSequence);

        int keys = _heads.Count;
        int sessions = _liveNodes;
        int[] counts = ArrayPool<int>.Shared.Rent(keys);
        TAcc[] accumulators = ArrayPool<TAcc>.Shared.Rent(sessions);
        long[] starts = ArrayPool<long>.Shared.Rent(sessions);
        long[] ends = ArrayPool<long>.Shared.Rent(sessions);
        long[] sequences = ArrayPool<long>.Shared.Rent(sessions);
        try
        {
            int written = 0;
            for (int k = 0; k < keys; k++)
            {
                int first = written;
                for (int index = _heads.ValueAt(k); index != NoNode; index = _nodes[index].Next)
                {
                    ref SessionNode node = ref _nodes[index];
                    accumulators[written] = node.Accumulator;
                    starts[written] = node.Start;
                    ends[written] = node.End;
                    sequences[written] = node.Sequence;
                    written++;
                }
                counts[k] = written - first;
            }
            Debug.Assert(written == sessions, "Every live session node must be on its key's list.");

            _heads.WriteKeys(state);
            state.WriteSpan<int>(counts.AsSpan(0, keys));
            state.WriteSpan<TAcc>(accumulators.AsSpan(0, sessions));
            state.WriteSpan<long>(starts.AsSpan(0, sessions));
            state.WriteSpan<long>(ends.AsSpan(0, sessions));
            state.WriteSpan<long>(sequences.AsSpan(0, sessions));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
            ArrayPool<TAcc>.Shared.Return(accumulators, RuntimeHelpers.IsReferenceOrContainsReferences<TAcc>());
            ArrayPool<long>.Shared.Return(starts);
            ArrayPool<long>.Shared.Return(ends);
            ArrayPool<long>.Shared.Return(sequences);
        }
    }

    /// <summary>
    /// Adds the sessions of one snapshot whose keys <paramref name="owner"/> owns, with their timers,
    /// and takes the later of the two watermarks. Opening numbers of a second or later snapshot are
    /// moved past those already restored, so they stay unique. Throws a
    /// <see cref="CheckpointException"/> when the key or accumulator type changed shape, a key is
    /// in two snapshots, or the state is malformed. The gap may differ from the run that took the
    /// snapshot: restored sessions keep their ends, new records use the new gap.
    /// </summary>
    public void Restore(StateReader state, KeyOwnership owner)
    {
        state.ReadSchema<TKey>("key");
        state.ReadSchema<TAcc>("accumulator");
        long watermark = state.ReadInt64();
        long nextSequence = state.ReadInt64();
        TKey[] keys = state.ReadArray<TKey>();
        int[] counts = state.ReadArray<int>();
        TAcc[] accumulators = state.ReadArray<TAcc>();
        long[] starts = state.ReadArray<long>();
        long[] ends = state.ReadArray<long>();
        long[] sequences = state.ReadArray<long>();
        ValidateSessions(state, keys, counts, accumulators.Length, starts, ends, sequences, nextSequence);

        _watermark = Math.Max(_watermark, watermark);
        long sequenceOffset = _nextSequence;
        _nextSequence = sequenceOffset + nextSequence;

        int session = 0;
        for (int k = 0; k < keys.Length; k++)
        {
            int count = counts[k];
            if (!owner.Owns(in keys[k]))
            {
                session += count;
                continue;
            }

            ref int head = ref _heads.GetValueRefOrAddDefault(in keys[k], out bool exists);
            if (exists)
            {
                throw new CheckpointException(
                    $"The state of {state.Operator} cannot be restored: key {keys[k]} has sessions in two of the snapshots restored. Restore each subtask's snapshot of one checkpoint once.");
            }

            int previous = NoNode;
            for (int end = session + count; session < end; session++)
            {
                int index = AllocateNode();
                ref SessionNode node = ref _nodes[index];
                node.Key = keys[k];
                node.Accumulator = accumulators[session];
                node.Start = starts[session];
                node.End = ends[session];
                node.Sequence = sequenceOffset + sequences[session];
                node.Next = NoNode;
                node.Fired = node.End - 1 <= watermark;
                (bool cleanup, long due) = DueTimer(ref node);
                Push(index, ref node, cleanup, due);
                if (previous == NoNode)
                {
                    head = index;
                }
                else
                {
                    _nodes[previous].Next = index;
                }
                previous = index;
            }
        }
    }

    /// <summary>Checks that the spans of a snapshot agree: every key has sessions, sorted and apart, and opening numbers are below the next one.</summary>
    private static void ValidateSessions(StateReader state, TKey[] keys, int[] counts, int accumulators, long[] starts, long[] ends, long[] sequences, long nextSequence)
    {
        long total = 0;
        foreach (int count in counts)
        {
            total += count;
            if (count <= 0)
            {
                total = -1;
                break;
            }
        }

        if (keys.Length != counts.Length || total != accumulators || total != starts.Length || total != ends.Length || total != sequences.Length)
        {
            throw new CheckpointException(
                $"The state of {state.Operator} is malformed: {keys.Length} keys with {counts.Length} session counts (total {total}), {accumulators} accumulators, {starts.Length} starts, {ends.Length} ends and {sequences.Length} opening numbers.");
        }

        int session = 0;
        foreach (int count in counts)
        {
            for (int end = session + count; session < end; session++)
            {
                bool sorted = session + 1 == end || ends[session] < starts[session + 1];
                if (starts[session] >= ends[session] || !sorted || sequences[session] < 0 || sequences[session] >= nextSequence)
                {
                    throw new CheckpointException(
                        $"The state of {state.Operator} is malformed: session {session} [{starts[session]}, {ends[session]}) opened as {sequences[session]} does not fit its key's sessions.");
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsLate(long end) => WindowTime.CleanupTime(end, _allowedLateness) <= _watermark;

    /// <summary>Opens a session node for a record that touches no open session; the caller links it.</summary>
    private int OpenSession<TOutput>(in TKey key, long start, long end, in TIn value, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        int index = AllocateNode();
        ref SessionNode node = ref _nodes[index];
        node.Key = key;
        node.Accumulator = default!;
        node.Start = start;
        node.End = end;
        node.Sequence = _nextSequence++;
        node.Next = NoNode;
        node.Fired = false;
        TAggregator.Add(ref node.Accumulator, in value);
        FireIfBehindWatermark(ref node, ref output);
        (bool cleanup, long due) = DueTimer(ref node);
        Push(index, ref node, cleanup, due);
        return index;
    }

    /// <summary>Emits a session's result at once if it ends at or before the watermark; records whether it has fired.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FireIfBehindWatermark<TOutput>(ref SessionNode node, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        if (node.End - 1 <= _watermark)
        {
            output.Collect(new WindowResult<TKey, TAcc>(node.Key, node.Start, node.End, node.Accumulator));
            node.Fired = true;
        }
        else
        {
            node.Fired = false;
        }
    }

    /// <summary>The timer a node needs now: its firing at <c>End - 1</c>, or once fired its cleanup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (bool Cleanup, long Time) DueTimer(ref SessionNode node) =>
        node.Fired ? (true, WindowTime.CleanupTime(node.End, _allowedLateness)) : (false, node.End - 1);

    /// <summary>
    /// Keeps the node's timer no later than its due time: pushes a new timer (invalidating the old
    /// one) if the due time moved earlier or <paramref name="force"/> is set; otherwise the old
    /// timer stays and is pushed again at the right time when it comes due.
    /// </summary>
    private void Schedule(int index, bool force)
    {
        ref SessionNode node = ref _nodes[index];
        (bool cleanup, long due) = DueTimer(ref node);
        if (force || due < node.QueuedTime)
        {
            node.Version++;
            Push(index, ref node, cleanup, due);
        }
    }

    private void Push(int index, ref SessionNode node, bool cleanup, long time)
    {
        node.QueuedTime = time;
        _timers.Enqueue(new SessionTimer(index, node.Version, cleanup), new TimerPriority(time, node.Sequence));
    }

    /// <summary>Unlinks a node from its key's list (removing the key when it was the last) and frees it.</summary>
    private void Purge(int index)
    {
        ref SessionNode node = ref _nodes[index];
        ref int head = ref _heads.GetValueRefOrNullRef(in node.Key);
        Debug.Assert(!Unsafe.IsNullRef(ref head), "A live session's key must have a head.");
        if (head == index)
        {
            if (node.Next == NoNode)
            {
                _heads.Remove(in node.Key);
            }
            else
            {
                head = node.Next;
            }
        }
        else
        {
            int previous = head;
            while (_nodes[previous].Next != index)
            {
                previous = _nodes[previous].Next;
            }
            _nodes[previous].Next = node.Next;
        }
        FreeNode(index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AllocateNode()
    {
        _liveNodes++;
        int index = _freeNode;
        if (index != NoNode)
        {
            _freeNode = _nodes[index].Next;
            return index;
        }
        if (_nodesUsed == _nodes.Length)
        {
            GrowNodes();
        }
        return _nodesUsed++;
    }

    private void FreeNode(int index)
    {
        ref SessionNode node = ref _nodes[index];
        node.Version++; // invalidates its timers
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>())
        {
            node.Key = default!;
        }
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TAcc>())
        {
            node.Accumulator = default!;
        }
        node.Next = _freeNode;
        _freeNode = index;
        _liveNodes--;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowNodes() => Array.Resize(ref _nodes, _nodes.Length * 2);

    /// <summary>One session of one key, or a free node (then <see cref="Next"/> links the free list).</summary>
    private struct SessionNode
    {
        public TKey Key;
        public TAcc Accumulator;
        public long Start;
        public long End;

        /// <summary>The opening order: breaks ties between sessions that end together.</summary>
        public long Sequence;

        /// <summary>The time of the node's valid timer (at or before its due time).</summary>
        public long QueuedTime;

        /// <summary>The next session of the key (by start), or the next free node.</summary>
        public int Next;

        /// <summary>Bumped when the node's timers become invalid (merged away, freed, or rescheduled earlier).</summary>
        public int Version;

        /// <summary>Whether the result for the current <see cref="End"/> has been emitted.</summary>
        public bool Fired;
    }

    private readonly record struct SessionTimer(int Node, int Version, bool Cleanup);

    private readonly record struct TimerPriority(long Time, long Sequence) : IComparable<TimerPriority>
    {
        public int CompareTo(TimerPriority other)
        {
            int byTime = Time.CompareTo(other.Time);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}
