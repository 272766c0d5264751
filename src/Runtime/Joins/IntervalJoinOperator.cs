using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The keyed interval join of one subtask, with the semantics of Flink's <c>IntervalJoinOperator</c>
/// (both bounds inclusive): a left record at <c>tl</c> and a right record at <c>tr</c> of the same
/// key match when <c>tl + lower &lt;= tr &lt;= tl + upper</c>. Each record is buffered and at once
/// joined with every buffered record of the other side of its key that it matches, in that side's
/// arrival order; each pair is emitted as <c>Keyed(key, max(tl, tr), TFunction.Join(left, right))</c>.
/// Nothing is emitted on a watermark.
/// <para>
/// Lateness, as in Flink: a record whose time is below the current watermark is late;
/// <see cref="Add"/> returns <see langword="false"/>, nothing is buffered or emitted, and the caller
/// sends it to the late-data output. A record at exactly the watermark is not late. After the
/// final watermark <see cref="long.MaxValue"/> every record is late.
/// </para>
/// <para>
/// Cleanup, exact: since every record still to come has a time at or above the watermark
/// <c>W</c>, a buffered left at <c>tl</c> can still match one only if <c>tl + upper &gt;= W</c>,
/// and a buffered right at <c>tr</c> only if <c>tr - lower &gt;= W</c>. <see cref="AdvanceWatermark"/>
/// drops the others (and a record that could match nothing later is not buffered at all), so the
/// output is exactly that of a join that never forgets. Flink drops a left once
/// <c>W &gt;= tl + max(upper, 0)</c> and a right once <c>W &gt;= tr + max(-lower, 0)</c>: one
/// millisecond earlier at the edge of the interval, so it misses a pair whose second record
/// arrives with a time equal to the watermark (which its own lateness rule accepts), and later
/// when the interval does not contain 0, keeping records no future record can match. The final
/// watermark drops everything.
/// </para>
/// <para>
/// Layout, with no object per record or per key: a <see cref="KeyedStateTable{TKey, TValue}"/>
/// from each key with buffered records to its left and right chains (a key is removed when both
/// are empty), one <see cref="JoinBuffer{TKey, T}"/> per side holding the records as doubly
/// linked nodes with a free list, and one expiry queue per side (a
/// <see cref="PriorityQueue{TElement, TPriority}"/> of node → last watermark at which the record
/// is kept), each buffered record in it once. Adding costs a table lookup, a walk over the key's
/// buffered records of the other side and a queue insertion; dropping costs a queue removal, a
/// table lookup and an O(1) unlink. After warm-up neither allocates. Timestamps are assumed far
/// enough from <see cref="long.MinValue"/> and <see cref="long.MaxValue"/> that differences of
/// two of them and the bounds do not overflow.
/// </para>
/// <para>
/// Checkpoints: a snapshot holds the shapes of the key and record types, the watermark and the
/// bounds, and every buffered record with its key and time, per key in arrival order; the expiry
/// queues are rebuilt on restore.
/// </para>
/// </summary>
/// <typeparam name="TKey">The join key.</typeparam>
/// <typeparam name="TLeft">The record of the left input.</typeparam>
/// <typeparam name="TRight">The record of the right input.</typeparam>
/// <typeparam name="TOut">The record the join emits per pair.</typeparam>
/// <typeparam name="TFunction">The join of a pair; a struct, so calls are direct.</typeparam>
public sealed class IntervalJoinOperator<TKey, TLeft, TRight, TOut, TFunction> : ICheckpointedOperator
    where TKey : notnull
    where TFunction : IIntervalJoinFunction<TLeft, TRight, TOut>
{
    private readonly long _lower;
    private readonly long _upper;

    /// <summary>Key → its chains of buffered records, one per side.</summary>
    private readonly KeyedStateTable<TKey, KeyRecords> _keys = new();

    private JoinBuffer<TKey, TLeft> _left = new(16);
    private JoinBuffer<TKey, TRight> _right = new(16);

    /// <summary>Buffered left node → <c>tl + upper</c>, the last watermark at which it can still match.</summary>
    private readonly PriorityQueue<int, long> _leftExpiry = new();

    /// <summary>Buffered right node → <c>tr - lower</c>, the last watermark at which it can still match.</summary>
    private readonly PriorityQueue<int, long> _rightExpiry = new();

    private long _watermark = long.MinValue;

    /// <summary>Creates the operator.</summary>
    /// <param name="lowerMs">The lower bound in ms of <c>right.time - left.time</c>, inclusive; may be negative.</param>
    /// <param name="upperMs">The upper bound in ms of <c>right.time - left.time</c>, inclusive; at least <paramref name="lowerMs"/>.</param>
    public IntervalJoinOperator(long lowerMs, long upperMs)
    {
        if (lowerMs > upperMs)
        {
            throw new ArgumentOutOfRangeException(nameof(upperMs), upperMs, $"The upper bound of an interval join must be at least its lower bound ({lowerMs} ms): a pair matches when right.time - left.time is in [lower, upper].");
        }
        _lower = lowerMs;
        _upper = upperMs;
    }

    /// <summary>The lower bound in ms of <c>right.time - left.time</c>, inclusive.</summary>
    public long LowerMs => _lower;

    /// <summary>The upper bound in ms of <c>right.time - left.time</c>, inclusive.</summary>
    public long UpperMs => _upper;

    /// <summary>The last watermark received; <see cref="long.MinValue"/> before the first.</summary>
    public long CurrentWatermark => _watermark;

    /// <summary>
    /// The bytes of the state held now: per key with buffered records its key, chains and index
    /// slot; per buffered record its node and its expiry-queue entry. Goes down as the watermark
    /// drops records, to 0 after the final watermark. The arrays' capacity, which only grows, is
    /// <see cref="RetainedBytes"/>.
    /// </summary>
    public long StateBytes =>
        (long)_keys.Count * (Unsafe.SizeOf<TKey>() + Unsafe.SizeOf<KeyRecords>() + 2 * sizeof(int))
        + (long)_left.Live * (JoinBuffer<TKey, TLeft>.NodeBytes + Unsafe.SizeOf<(int, long)>())
        + (long)_right.Live * (JoinBuffer<TKey, TRight>.NodeBytes + Unsafe.SizeOf<(int, long)>());

    /// <summary>The bytes of the arrays behind the state (key table, node arrays, expiry queues), by capacity: what the operator keeps allocated.</summary>
    public long RetainedBytes =>
        _keys.EstimatedBytes
        + _left.Bytes
        + _right.Bytes
        + (long)(_leftExpiry.EnsureCapacity(0) + _rightExpiry.EnsureCapacity(0)) * Unsafe.SizeOf<(int, long)>();

    /// <summary>The keys with buffered records.</summary>
    public int BufferedKeys => _keys.Count;

    /// <summary>The left records buffered.</summary>
    public int BufferedLeft => _left.Live;

    /// <summary>The right records buffered.</summary>
    public int BufferedRight => _right.Live;

    /// <summary>
    /// Joins a record with the buffered records of the other side of its key that it matches,
    /// emitting each pair into <paramref name="output"/> at once (in the other side's arrival
    /// order), then buffers it if a later record can still match it.
    /// </summary>
    /// <param name="key">The record's key.</param>
    /// <param name="timestamp">The record's event time in ms.</param>
    /// <param name="value">The record and its side.</param>
    /// <param name="output">Receives the joined pairs.</param>
    /// <returns><see langword="false"/>, with nothing buffered or emitted, if the record is late (its time is below the watermark).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add<TOutput>(in TKey key, long timestamp, in JoinInput<TLeft, TRight> value, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        long watermark = _watermark;
        if (timestamp < watermark || watermark == long.MaxValue)
        {
            return false;
        }

        if (value.IsLeft)
        {
            AddLeft(in key, timestamp, in value.Left, ref output);
        }
        else
        {
            AddRight(in key, timestamp, in value.Right, ref output);
        }
        return true;
    }

    /// <summary>
    /// Moves event time to <paramref name="watermark"/> (ignored unless it is greater than
    /// <see cref="CurrentWatermark"/>) and drops the buffered records no later record can match:
    /// lefts with <c>tl + upper &lt; watermark</c>, rights with <c>tr - lower &lt; watermark</c>;
    /// everything on <see cref="long.MaxValue"/>. Emits nothing.
    /// </summary>
    /// <param name="watermark">The new watermark; <see cref="long.MaxValue"/> ends a bounded input.</param>
    /// <param name="output">Unused: an interval join emits only when records arrive. Kept so that every keyed operator is driven the same way.</param>
    public void AdvanceWatermark<TOutput>(long watermark, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        if (watermark == long.MaxValue)
        {
            _keys.Clear();
            _left.Clear();
            _right.Clear();
            _leftExpiry.Clear();
            _rightExpiry.Clear();
            return;
        }

        while (_leftExpiry.TryPeek(out int node, out long keptUntil) && keptUntil < watermark)
        {
            _leftExpiry.Dequeue();
            DropLeft(node);
        }

        while (_rightExpiry.TryPeek(out int node, out long keptUntil) && keptUntil < watermark)
        {
            _rightExpiry.Dequeue();
            DropRight(node);
        }
    }

    /// <summary>
    /// Writes the state: the shapes of <typeparamref name="TKey"/>, <typeparamref name="TLeft"/> and
    /// <typeparamref name="TRight"/>; the watermark and the bounds; then, as spans, the keys (in the
    /// table's order), each key's left and right record counts, the left records' times and the left
    /// records, the right records' times and the right records, each key's records in arrival order.
    /// </summary>
    public void Snapshot(StateWriter state)
    {
        state.WriteSchema<TKey>();
        state.WriteSchema<TLeft>();
        state.WriteSchema<TRight>();
        state.WriteInt64(_watermark);
        state.WriteInt64(_lower);
        state.WriteInt64(_upper);

        int keyCount = _keys.Count;
        TKey[] keys = ArrayPool<TKey>.Shared.Rent(keyCount);
        int[] leftCounts = ArrayPool<int>.Shared.Rent(keyCount);
        int[] rightCounts = ArrayPool<int>.Shared.Rent(keyCount);
        TLeft[] lefts = ArrayPool<TLeft>.Shared.Rent(_left.Live);
        long[] leftTimes = ArrayPool<long>.Shared.Rent(_left.Live);
        TRight[] rights = ArrayPool<TRight>.Shared.Rent(_right.Live);
        long[] rightTimes = ArrayPool<long>.Shared.Rent(_right.Live);
        try
        {
            int k = 0, l = 0, r = 0;
            foreach (KeyedStateTable<TKey, KeyRecords>.Entry entry in _keys)
            {
                keys[k] = entry.Key;
                leftCounts[k] = _left.CopyTo(in entry.Value.Left, lefts.AsSpan(l), leftTimes.AsSpan(l));
                rightCounts[k] = _right.CopyTo(in entry.Value.Right, rights.AsSpan(r), rightTimes.AsSpan(r));
                l += leftCounts[k];
                r += rightCounts[k];
                k++;
            }

            state.WriteSpan<TKey>(keys.AsSpan(0, k));
            state.WriteSpan<int>(leftCounts.AsSpan(0, k));
            state.WriteSpan<int>(rightCounts.AsSpan(0, k));
            state.WriteSpan<long>(leftTimes.AsSpan(0, l));
            state.WriteSpan<TLeft>(lefts.AsSpan(0, l));
            state.WriteSpan<long>(rightTimes.AsSpan(0, r));
            state.WriteSpan<TRight>(rights.AsSpan(0, r));
        }
        finally
        {
            Return(keys);
            Return(leftCounts);
            Return(rightCounts);
            Return(lefts);
            Return(leftTimes);
            Return(rights);
            Return(rightTimes);
        }
    }

    /// <summary>
    /// Buffers the records of one snapshot whose keys <paramref name="owner"/> owns, in their
    /// arrival order after the records of the key already restored, and takes the later of the two
    /// watermarks. A record is kept only if a later record can still match it under this operator's
    /// bounds (which may differ from the snapshot's). Throws a <see cref="CheckpointException"/> when
    /// a type changed shape or the state is malformed; nothing is changed until the whole snapshot is read.
    /// </summary>
    public void Restore(StateReader state, KeyOwnership owner)
    {
        state.ReadSchema<TKey>("key");
        state.ReadSchema<TLeft>("left record");
        state.ReadSchema<TRight>("right record");
        long watermark = state.ReadInt64();
        state.ReadInt64(); // the snapshot's bounds: records are checked against the current ones
        state.ReadInt64();
        TKey[] keys = state.ReadArray<TKey>();
        int[] leftCounts = state.ReadArray<int>();
        int[] rightCounts = state.ReadArray<int>();
        long[] leftTimes = state.ReadArray<long>();
        TLeft[] lefts = state.ReadArray<TLeft>();
        long[] rightTimes = state.ReadArray<long>();
        TRight[] rights = state.ReadArray<TRight>();
        CheckCounts(state, keys.Length, leftCounts, leftTimes.Length, lefts.Length, "left");
        CheckCounts(state, keys.Length, rightCounts, rightTimes.Length, rights.Length, "right");

        _watermark = Math.Max(_watermark, watermark);
        if (_watermark == long.MaxValue)
        {
            return; // the final watermark dropped everything
        }

        int l = 0, r = 0;
        for (int k = 0; k < keys.Length; k++)
        {
            int leftEnd = l + leftCounts[k], rightEnd = r + rightCounts[k];
            if (owner.Owns(in keys[k]))
            {
                ref KeyRecords records = ref Unsafe.NullRef<KeyRecords>();
                for (; l < leftEnd; l++)
                {
                    long keptUntil = SaturatingAdd(leftTimes[l], _upper);
                    if (keptUntil >= _watermark)
                    {
                        if (Unsafe.IsNullRef(ref records))
                        {
                            records = ref _keys.GetValueRefOrAddDefault(in keys[k], out _);
                        }

                        _leftExpiry.Enqueue(_left.Append(in keys[k], in lefts[l], leftTimes[l], ref records.Left), keptUntil);
                    }
                }

                for (; r < rightEnd; r++)
                {
                    long keptUntil = SaturatingSubtract(rightTimes[r], _lower);
                    if (keptUntil >= _watermark)
                    {
                        if (Unsafe.IsNullRef(ref records))
                        {
                            records = ref _keys.GetValueRefOrAddDefault(in keys[k], out _);
                        }

                        _rightExpiry.Enqueue(_right.Append(in keys[k], in rights[r], rightTimes[r], ref records.Right), keptUntil);
                    }
                }
            }

            l = leftEnd;
            r = rightEnd;
        }
    }

    /// <summary>Checks that one side's per-key counts add up to its records and times.</summary>
    private static void CheckCounts(StateReader state, int keys, int[] counts, int times, int records, string side)
    {
        bool valid = counts.Length == keys && times == records;
        long sum = 0;
        foreach (int count in counts)
        {
            valid &= count >= 0;
            sum += count;
        }

        if (!valid || sum != records)
        {
            throw new CheckpointException(
                $"The state of {state.Operator} is malformed: {keys} keys have {counts.Length} {side} counts adding up to {sum}, for {records} {side} records and {times} times.");
        }
    }

    private static void Return<T>(T[] array) => ArrayPool<T>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddLeft<TOutput>(in TKey key, long time, in TLeft left, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        long keptUntil = SaturatingAdd(time, _upper);
        bool keep = keptUntil >= _watermark;
        ref KeyRecords records = ref keep ? ref _keys.GetValueRefOrAddDefault(in key, out _) : ref _keys.GetValueRefOrNullRef(in key);
        if (Unsafe.IsNullRef(ref records))
        {
            return; // no buffered right of the key, and nothing later can match
        }

        int count = records.Right.Count;
        if (count > 0)
        {
            long lower = _lower, upper = _upper;
            JoinBuffer<TKey, TRight>.Node[] nodes = _right.Nodes;
            int node = records.Right.Head;
            for (int i = 0; i < count; i++)
            {
                ref JoinBuffer<TKey, TRight>.Node right = ref nodes[node];
                long distance = right.Time - time;
                if (distance >= lower && distance <= upper)
                {
                    output.Collect(new Keyed<TKey, TOut>(key, Math.Max(time, right.Time), TFunction.Join(in left, in right.Value)));
                }
                node = right.Next;
            }
        }

        if (keep)
        {
            int index = _left.Append(in key, in left, time, ref records.Left);
            _leftExpiry.Enqueue(index, keptUntil);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddRight<TOutput>(in TKey key, long time, in TRight right, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        long keptUntil = SaturatingSubtract(time, _lower);
        bool keep = keptUntil >= _watermark;
        ref KeyRecords records = ref keep ? ref _keys.GetValueRefOrAddDefault(in key, out _) : ref _keys.GetValueRefOrNullRef(in key);
        if (Unsafe.IsNullRef(ref records))
        {
            return; // no buffered left of the key, and nothing later can match
        }

        int count = records.Left.Count;
        if (count > 0)
        {
            long lower = _lower, upper = _upper;
            JoinBuffer<TKey, TLeft>.Node[] nodes = _left.Nodes;
            int node = records.Left.Head;
            for (int i = 0; i < count; i++)
            {
                ref JoinBuffer<TKey, TLeft>.Node left = ref nodes[node];
                long distance = time - left.Time;
                if (distance >= lower && distance <= upper)
                {
                    output.Collect(new Keyed<TKey, TOut>(key, Math.Max(left.Time, time), TFunction.Join(in left.Value, in right)));
                }
                node = left.Next;
            }
        }

        if (keep)
        {
            int index = _right.Append(in key, in right, time, ref records.Right);
            _rightExpiry.Enqueue(index, keptUntil);
        }
    }

    /// <summary>Drops a buffered left record, and its key when it was the key's last record.</summary>
    private void DropLeft(int node)
    {
        ref TKey key = ref _left.Nodes[node].Key;
        ref KeyRecords records = ref _keys.GetValueRefOrNullRef(in key);
        if (records.Left.Count == 1 && records.Right.Count == 0)
        {
            _keys.Remove(in key); // before the node is freed: freeing clears a key that holds references
            _left.Free(node);
        }
        else
        {
            _left.Remove(node, ref records.Left);
        }
    }

    /// <summary>Drops a buffered right record, and its key when it was the key's last record.</summary>
    private void DropRight(int node)
    {
        ref TKey key = ref _right.Nodes[node].Key;
        ref KeyRecords records = ref _keys.GetValueRefOrNullRef(in key);
        if (records.Right.Count == 1 && records.Left.Count == 0)
        {
            _keys.Remove(in key);
            _right.Free(node);
        }
        else
        {
            _right.Remove(node, ref records.Right);
        }
    }

    /// <summary><paramref name="time"/> + <paramref name="offset"/>, saturated at <see cref="long.MinValue"/> and <see cref="long.MaxValue"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long SaturatingAdd(long time, long offset)
    {
        long sum = unchecked(time + offset);
        if (((time ^ sum) & (offset ^ sum)) < 0)
        {
            return offset > 0 ? long.MaxValue : long.MinValue;
        }
        return sum;
    }

    /// <summary><paramref name="time"/> - <paramref name="offset"/>, saturated at <see cref="long.MinValue"/> and <see cref="long.MaxValue"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long SaturatingSubtract(long time, long offset)
    {
        long difference = unchecked(time - offset);
        if (((time ^ offset) & (time ^ difference)) < 0)
        {
            return offset < 0 ? long.MaxValue : long.MinValue;
        }
        return difference;
    }

}
