using CompiledFlow.Tests.Joins;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>
/// Snapshots of the keyed process operator, the window co-group and the interval join: a run
/// checkpointed after part of its input and restored (at the same or another parallelism) must
/// give exactly the output and late records of a run that was never interrupted.
/// </summary>
public sealed class ProcessAndJoinSnapshotTests
{
    private const string OperatorName = "keyed stage 'Matches' (subtask 0 of 1)";

    // ---- the keyed process operator ----

    [Fact]
    public void A_restored_process_operator_continues_like_an_uninterrupted_one_and_fires_the_timers_set_before_the_snapshot()
    {
        List<Event<long, long>> events = Events(keyOf: i => (long)(i % 9), valueOf: (i, _) => (long)i);
        var (outcome, before, after) = Checkpointed(Sessions, events, events.Count / 2, 1, 1);

        (long timers, long keys) = before[0].HeldAtSnapshot;
        Assert.True(timers > 0 && keys > 0);
        Assert.Equal((timers, keys), after[0].HeldAfterRestore);
        Assert.Equal(before[0].CurrentWatermark, after[0].WatermarkAfterRestore);
        Assert.Contains(outcome.Output, line => line.Contains("Timer = True", StringComparison.Ordinal));
        AssertSame(Uninterrupted(Sessions, events), outcome);
    }

    [Fact]
    public void Restored_timers_fire_once_and_in_the_uninterrupted_order_even_after_a_delete_and_set_again()
    {
        // (key, time): a timer deleted and set again has two queue entries; keys share times, set in
        // an order the queue's heap does not keep, so only the registration order breaks the ties.
        List<(long Key, long Value)> records = [(1, 100), (1, -100), (1, 100), (3, 70), (2, 50), (4, 70), (1, 80)];
        for (long key = 20; key > 5; key--)
        {
            records.Add((key, 90 - 10 * (key % 3)));
        }

        var uninterrupted = new ProcessSubtask<long, long, long, long, Reminder>();
        var interrupted = new ProcessSubtask<long, long, long, long, Reminder>();
        foreach ((long key, long value) in records)
        {
            uninterrupted.Add(key, 10, value);
            interrupted.Add(key, 10, value);
        }

        var restored = new ProcessSubtask<long, long, long, long, Reminder>();
        restored.Restore(interrupted.Snapshot(), KeyOwnership.All);
        uninterrupted.Watermark(long.MaxValue);
        restored.Watermark(long.MaxValue);

        Assert.Equal(20, restored.HeldAfterRestore.Item1);
        List<(long, long, long)> expected = uninterrupted.Output.Flat();
        Assert.Equal(20, expected.Count);
        Assert.Equal([(2L, 50L, 2L), (3L, 70L, 3L), (4L, 70L, 4L)], expected[..3]);
        Assert.Equal((1L, 100L, 1L), expected[^1]);
        Assert.Equal(expected, restored.Output.Flat());
    }

    [Fact]
    public void One_process_snapshot_restores_into_two_subtasks_that_split_the_keys() =>
        AssertRestoresLikeUninterrupted(Sessions, Events(keyOf: i => (long)(i % 9), valueOf: (i, _) => (long)i), 1, 2);

    [Fact]
    public void Two_process_snapshots_restore_into_one_subtask() =>
        AssertRestoresLikeUninterrupted(Sessions, Events(keyOf: i => (long)(i % 9), valueOf: (i, _) => (long)i), 2, 1);

    [Fact]
    public void A_process_operator_with_string_keys_and_state_restores_through_messagepack()
    {
        List<Event<string, string>> events = Events(keyOf: i => "user-" + (i % 7), valueOf: (i, _) => "abcdefghij"[i % 10].ToString());
        AssertRestoresLikeUninterrupted(Tags, events, 1, 1);
        AssertRestoresLikeUninterrupted(Tags, events, 1, 2);
        AssertRestoresLikeUninterrupted(Tags, events, 2, 1);
    }

    [Fact]
    public void Restoring_a_process_operator_whose_state_type_changed_names_the_operator_and_both_types()
    {
        byte[] snapshot = SnapshotAfterHalf(Sessions, Events(keyOf: i => (long)(i % 9), valueOf: (i, _) => (long)i));
        var changed = new KeyedProcessOperator<long, long, SessionV2, SessionOut, Ignore<long, long, SessionV2, SessionOut>>();

        var error = Assert.Throws<CheckpointException>(() => changed.Restore(new StateReader(snapshot, OperatorName), KeyOwnership.All));

        AssertNamesOperatorAndTypes(error, "state", StateSchema.Of<Session>(), StateSchema.Of<SessionV2>());
    }

    [Fact]
    public void A_truncated_process_snapshot_throws_a_checkpoint_exception() =>
        AssertEveryTruncationThrows(Sessions, Events(keyOf: i => (long)(i % 9), valueOf: (i, _) => (long)i));

    // ---- the window co-group ----

    [Fact]
    public void A_restored_window_co_group_continues_like_an_uninterrupted_one()
    {
        List<Event<int, JoinInput<BuyQuote, SellQuote>>> events = Events(keyOf: i => i % 11, valueOf: Quote);
        var (outcome, before, after) = Checkpointed(CoGroup, events, events.Count / 2, 1, 1);

        (long records, long windows) = before[0].HeldAtSnapshot;
        Assert.True(records > 0 && windows > 0);
        Assert.Equal((records, windows), after[0].HeldAfterRestore);
        Assert.Equal(before[0].CurrentWatermark, after[0].WatermarkAfterRestore);
        Assert.NotEmpty(outcome.Late);
        AssertSame(Uninterrupted(CoGroup, events), outcome);
    }

    [Fact]
    public void One_window_co_group_snapshot_restores_into_two_subtasks_that_split_the_keys() =>
        AssertRestoresLikeUninterrupted(CoGroup, Events(keyOf: i => i % 11, valueOf: Quote), 1, 2);

    [Fact]
    public void Two_window_co_group_snapshots_restore_into_one_subtask() =>
        AssertRestoresLikeUninterrupted(CoGroup, Events(keyOf: i => i % 11, valueOf: Quote), 2, 1);

    [Fact]
    public void A_window_co_group_with_string_keys_and_records_restores_through_messagepack()
    {
        List<Event<string, JoinInput<Click, View>>> events = Events(keyOf: i => "page-" + (i % 6), valueOf: ClickOrView);
        AssertRestoresLikeUninterrupted(TracedCoGroup, events, 1, 1);
        AssertRestoresLikeUninterrupted(TracedCoGroup, events, 1, 2);
        AssertRestoresLikeUninterrupted(TracedCoGroup, events, 2, 1);
    }

    [Fact]
    public void Restoring_a_window_co_group_whose_record_type_changed_names_the_operator_and_both_types()
    {
        byte[] snapshot = SnapshotAfterHalf(CoGroup, Events(keyOf: i => i % 11, valueOf: Quote));
        var changed = new WindowCoGroupOperator<int, BuyQuote, SellQuoteV2, int, CountCoGroup<int, BuyQuote, SellQuoteV2>>(20, 10, 5);

        var error = Assert.Throws<CheckpointException>(() => changed.Restore(new StateReader(snapshot, OperatorName), KeyOwnership.All));

        AssertNamesOperatorAndTypes(error, "right record", StateSchema.Of<SellQuote>(), StateSchema.Of<SellQuoteV2>());
    }

    [Fact]
    public void Restoring_a_window_co_group_whose_windows_changed_names_the_operator_and_both_sizes()
    {
        byte[] snapshot = SnapshotAfterHalf(CoGroup, Events(keyOf: i => i % 11, valueOf: Quote));
        var resized = new WindowCoGroupOperator<int, BuyQuote, SellQuote, Matched, MatchCoGroup<int>>(30, 10, 5);

        var error = Assert.Throws<CheckpointException>(() => resized.Restore(new StateReader(snapshot, OperatorName), KeyOwnership.All));

        Assert.Contains(OperatorName, error.Message, StringComparison.Ordinal);
        Assert.Contains("20 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("30 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_window_co_group_snapshot_throws_a_checkpoint_exception() =>
        AssertEveryTruncationThrows(TracedCoGroup, Events(keyOf: i => "page-" + (i % 6), valueOf: ClickOrView));

    // ---- the interval join ----

    [Fact]
    public void A_restored_interval_join_continues_like_an_uninterrupted_one()
    {
        List<Event<int, JoinInput<BuyQuote, SellQuote>>> events = Events(keyOf: i => i % 11, valueOf: Quote);
        var (outcome, before, after) = Checkpointed(Interval, events, events.Count / 2, 1, 1);

        (long lefts, long rights) = before[0].HeldAtSnapshot;
        Assert.True(lefts > 0 && rights > 0);
        Assert.Equal((lefts, rights), after[0].HeldAfterRestore);
        Assert.Equal(before[0].CurrentWatermark, after[0].WatermarkAfterRestore);
        Assert.NotEmpty(outcome.Late);
        AssertSame(Uninterrupted(Interval, events), outcome);
    }

    [Fact]
    public void One_interval_join_snapshot_restores_into_two_subtasks_that_split_the_keys() =>
        AssertRestoresLikeUninterrupted(Interval, Events(keyOf: i => i % 11, valueOf: Quote), 1, 2);

    [Fact]
    public void Two_interval_join_snapshots_restore_into_one_subtask() =>
        AssertRestoresLikeUninterrupted(Interval, Events(keyOf: i => i % 11, valueOf: Quote), 2, 1);

    [Fact]
    public void An_interval_join_with_string_keys_and_records_restores_through_messagepack()
    {
        List<Event<string, JoinInput<Click, View>>> events = Events(keyOf: i => "page-" + (i % 6), valueOf: ClickOrView);
        AssertRestoresLikeUninterrupted(PairedInterval, events, 1, 1);
        AssertRestoresLikeUninterrupted(PairedInterval, events, 1, 2);
        AssertRestoresLikeUninterrupted(PairedInterval, events, 2, 1);
    }

    [Fact]
    public void Restoring_an_interval_join_whose_record_type_changed_names_the_operator_and_both_types()
    {
        byte[] snapshot = SnapshotAfterHalf(Interval, Events(keyOf: i => i % 11, valueOf: Quote));
        var changed = new IntervalJoinOperator<int, BuyQuote, SellQuoteV2, int, NoJoin<BuyQuote, SellQuoteV2>>(-5, 10);

        var error = Assert.Throws<CheckpointException>(() => changed.Restore(new StateReader(snapshot, OperatorName), KeyOwnership.All));

        AssertNamesOperatorAndTypes(error, "right record", StateSchema.Of<SellQuote>(), StateSchema.Of<SellQuoteV2>());
    }

    [Fact]
    public void A_truncated_interval_join_snapshot_throws_a_checkpoint_exception() =>
        AssertEveryTruncationThrows(PairedInterval, Events(keyOf: i => "page-" + (i % 6), valueOf: ClickOrView));

    [Fact]
    public void An_interval_join_restored_with_narrower_bounds_keeps_only_the_records_they_can_still_match()
    {
        var wide = new IntervalSubtask<int, BuyQuote, SellQuote, Matched, MatchJoin>(-5, 10);
        wide.Add(1, 100, JoinInput<BuyQuote, SellQuote>.FromLeft(new BuyQuote(1, 0)));
        wide.Add(1, 104, JoinInput<BuyQuote, SellQuote>.FromLeft(new BuyQuote(2, 0)));
        wide.Watermark(105);
        var writer = new StateWriter();
        wide.Operator.Snapshot(writer);

        var narrow = new IntervalSubtask<int, BuyQuote, SellQuote, Matched, MatchJoin>(0, 2);
        narrow.Operator.Restore(new StateReader(writer.Written, OperatorName), KeyOwnership.All);

        Assert.Equal(1, narrow.Join.BufferedLeft); // 100 + 2 < 105: only the left at 104 can still match
        narrow.Add(1, 106, JoinInput<BuyQuote, SellQuote>.FromRight(new SellQuote(3, 0)));
        Assert.Equal([new Matched(2, 3, 0, 0)], narrow.Output.Select(r => r.Value).ToList());
    }

    // ---- operators under test ----

    private static Subtask<long, long, SessionOut> Sessions() => new ProcessSubtask<long, long, Session, SessionOut, SessionFunction>();

    private static Subtask<string, string, string> Tags() => new ProcessSubtask<string, string, TagState, string, TagFunction>();

    private static Subtask<int, JoinInput<BuyQuote, SellQuote>, Matched> CoGroup() =>
        new CoGroupSubtask<int, BuyQuote, SellQuote, Matched, MatchCoGroup<int>>(20, 10, 5);

    private static Subtask<string, JoinInput<Click, View>, Seen> TracedCoGroup() =>
        new CoGroupSubtask<string, Click, View, Seen, TraceCoGroup<string>>(20, 10, 5);

    private static Subtask<int, JoinInput<BuyQuote, SellQuote>, Matched> Interval() =>
        new IntervalSubtask<int, BuyQuote, SellQuote, Matched, MatchJoin>(-5, 10);

    private static Subtask<string, JoinInput<Click, View>, IdPair> PairedInterval() =>
        new IntervalSubtask<string, Click, View, IdPair, PairJoin>(-5, 10);

    private static JoinInput<BuyQuote, SellQuote> Quote(int i, Random random) =>
        random.Next(2) == 0
            ? JoinInput<BuyQuote, SellQuote>.FromLeft(new BuyQuote(i, random.Next(100)))
            : JoinInput<BuyQuote, SellQuote>.FromRight(new SellQuote(i, random.Next(100)));

    private static JoinInput<Click, View> ClickOrView(int i, Random random) =>
        random.Next(2) == 0 ? JoinInput<Click, View>.FromLeft(new Click(i, random.Next(5))) : JoinInput<Click, View>.FromRight(View.Of(i));

    // ---- scenarios ----

    /// <summary>
    /// Records with times that mostly rise, out of order by up to 80 ms, a watermark 20 ms behind
    /// the largest time every 16 records (so some records are late), and every 7th record a copy
    /// of the previous one's key and time (so timers are deleted and set again at the same time).
    /// </summary>
    private static List<Event<TKey, TIn>> Events<TKey, TIn>(Func<int, TKey> keyOf, Func<int, Random, TIn> valueOf, int count = 600)
    {
        var random = new Random(20240611);
        var events = new List<Event<TKey, TIn>>();
        long maxTime = long.MinValue;
        TKey key = keyOf(0);
        long time = 0;
        for (int i = 0; i < count; i++)
        {
            if (i % 7 != 6)
            {
                key = keyOf(random.Next(count));
                time = 1_000 + 3L * i - random.Next(80);
            }

            events.Add(new Event<TKey, TIn>(false, key, time, valueOf(i, random)));
            maxTime = Math.Max(maxTime, time);
            if (i % 16 == 15)
            {
                events.Add(new Event<TKey, TIn>(true, default!, maxTime - 20, default!));
            }
        }

        return events;
    }

    private static Outcome Uninterrupted<TKey, TIn, TOut>(Func<Subtask<TKey, TIn, TOut>> create, List<Event<TKey, TIn>> events)
        where TKey : notnull
    {
        Subtask<TKey, TIn, TOut> subtask = create();
        Feed([subtask], events);
        subtask.Watermark(long.MaxValue);
        return Outcome.Of([subtask]);
    }

    /// <summary>
    /// Runs <paramref name="events"/> up to <paramref name="split"/> on <paramref name="before"/>
    /// subtasks, snapshots each, restores every snapshot into each of <paramref name="after"/> new
    /// subtasks (each owning its share of the keys), and runs the rest of the events and the final
    /// watermark on those.
    /// </summary>
    private static (Outcome Outcome, Subtask<TKey, TIn, TOut>[] Before, Subtask<TKey, TIn, TOut>[] After) Checkpointed<TKey, TIn, TOut>(
        Func<Subtask<TKey, TIn, TOut>> create, List<Event<TKey, TIn>> events, int split, int before, int after)
        where TKey : notnull
    {
        Subtask<TKey, TIn, TOut>[] first = [.. Enumerable.Range(0, before).Select(_ => create())];
        Feed(first, events[..split]);
        byte[][] snapshots = [.. first.Select(subtask => subtask.Snapshot())];

        Subtask<TKey, TIn, TOut>[] second = [.. Enumerable.Range(0, after).Select(_ => create())];
        for (int i = 0; i < after; i++)
        {
            foreach (byte[] snapshot in snapshots)
            {
                second[i].Restore(snapshot, after == 1 ? KeyOwnership.All : new KeyOwnership(i, after));
            }
        }

        Feed(second, events[split..]);
        foreach (Subtask<TKey, TIn, TOut> subtask in second)
        {
            subtask.Watermark(long.MaxValue);
        }

        return (Outcome.Of([.. first, .. second]), first, second);
    }

    private static void AssertRestoresLikeUninterrupted<TKey, TIn, TOut>(Func<Subtask<TKey, TIn, TOut>> create, List<Event<TKey, TIn>> events, int before, int after)
        where TKey : notnull
    {
        Outcome expected = Uninterrupted(create, events);
        Assert.NotEmpty(expected.Output);
        foreach (int split in new[] { events.Count / 3, events.Count / 2 + 1 })
        {
            var (outcome, first, second) = Checkpointed(create, events, split, before, after);
            AssertSame(expected, outcome);

            // Each key is restored by exactly one subtask: what the subtasks hold adds up to what was
            // snapshotted; and each subtask takes the stage's watermark, so its late decisions hold.
            Assert.Equal(Sum(first.Select(s => s.HeldAtSnapshot)), Sum(second.Select(s => s.HeldAfterRestore)));
            Assert.All(second, s => Assert.Equal(first[0].CurrentWatermark, s.WatermarkAfterRestore));
        }
    }

    private static (long, long) Sum(IEnumerable<(long, long)> counts) =>
        counts.Aggregate((0L, 0L), (sum, count) => (sum.Item1 + count.Item1, sum.Item2 + count.Item2));

    private static void AssertSame(Outcome expected, Outcome actual)
    {
        Assert.Equal(expected.Output, actual.Output);
        Assert.Equal(expected.Late, actual.Late);
    }

    private static byte[] SnapshotAfterHalf<TKey, TIn, TOut>(Func<Subtask<TKey, TIn, TOut>> create, List<Event<TKey, TIn>> events)
        where TKey : notnull
    {
        Subtask<TKey, TIn, TOut> subtask = create();
        Feed([subtask], events[..(events.Count / 2)]);
        return subtask.Snapshot();
    }

    private static void AssertEveryTruncationThrows<TKey, TIn, TOut>(Func<Subtask<TKey, TIn, TOut>> create, List<Event<TKey, TIn>> events)
        where TKey : notnull
    {
        byte[] snapshot = SnapshotAfterHalf(create, events);
        create().Restore(snapshot, KeyOwnership.All); // the whole snapshot restores
        int step = Math.Max(1, snapshot.Length / 300);
        for (int length = 0; length < snapshot.Length; length += length < 64 || length > snapshot.Length - 64 ? 1 : step)
        {
            byte[] truncated = snapshot[..length];
            Assert.Throws<CheckpointException>(() => create().Restore(truncated, KeyOwnership.All));
        }
    }

    private static void AssertNamesOperatorAndTypes(CheckpointException error, string role, string stored, string current)
    {
        Assert.Contains(OperatorName, error.Message, StringComparison.Ordinal);
        Assert.Contains($"its {role} type changed", error.Message, StringComparison.Ordinal);
        Assert.Contains(stored, error.Message, StringComparison.Ordinal);
        Assert.Contains(current, error.Message, StringComparison.Ordinal);
    }

    private static void Feed<TKey, TIn, TOut>(Subtask<TKey, TIn, TOut>[] subtasks, List<Event<TKey, TIn>> events)
        where TKey : notnull
    {
        foreach (Event<TKey, TIn> e in events)
        {
            if (e.IsWatermark)
            {
                foreach (Subtask<TKey, TIn, TOut> subtask in subtasks)
                {
                    subtask.Watermark(e.Time);
                }
            }
            else
            {
                Subtask<TKey, TIn, TOut> subtask = subtasks[KeyHash.Partition(e.Key, subtasks.Length)];
                if (!subtask.Add(e.Key, e.Time, e.Value))
                {
                    subtask.Late.Add($"{e.Key} @ {e.Time}: {e.Value}");
                }
            }
        }
    }

    private readonly record struct Event<TKey, TIn>(bool IsWatermark, TKey Key, long Time, TIn Value);

    /// <summary>What a run produced, as sorted lines: the output and the late records, each a multiset.</summary>
    private sealed record Outcome(List<string> Output, List<string> Late)
    {
        public static Outcome Of<TKey, TIn, TOut>(IEnumerable<Subtask<TKey, TIn, TOut>> subtasks)
            where TKey : notnull
        {
            List<string> output = [.. subtasks.SelectMany(s => s.Output).Select(r => $"{r.Key} @ {r.Timestamp}: {r.Value}").Order(StringComparer.Ordinal)];
            List<string> late = [.. subtasks.SelectMany(s => s.Late).Order(StringComparer.Ordinal)];
            return new Outcome(output, late);
        }
    }

    /// <summary>One subtask of an operator under test, driven record by record.</summary>
    private abstract class Subtask<TKey, TIn, TOut>
        where TKey : notnull
    {
        public List<Keyed<TKey, TOut>> Output { get; } = [];

        public List<string> Late { get; } = [];

        public abstract ICheckpointedOperator Operator { get; }

        public abstract bool Add(TKey key, long time, TIn value);

        public abstract void Watermark(long watermark);

        /// <summary>Two counts of what the operator holds (timers and keys, records and windows...).</summary>
        public abstract (long, long) Held { get; }

        public (long, long) HeldAtSnapshot { get; private set; }

        public (long, long) HeldAfterRestore { get; private set; }

        public abstract long CurrentWatermark { get; }

        public long WatermarkAfterRestore { get; private set; } = long.MinValue;

        public byte[] Snapshot()
        {
            HeldAtSnapshot = Held;
            var writer = new StateWriter();
            Operator.Snapshot(writer);
            return writer.Written.ToArray();
        }

        public void Restore(byte[] snapshot, KeyOwnership owner)
        {
            Operator.Restore(new StateReader(snapshot, OperatorName), owner);
            HeldAfterRestore = Held;
            WatermarkAfterRestore = CurrentWatermark;
        }
    }

    private sealed class ProcessSubtask<TKey, TIn, TState, TOut, TFunction> : Subtask<TKey, TIn, TOut>
        where TKey : notnull
        where TFunction : IKeyedProcessFunction<TKey, TIn, TState, TOut>
    {
        public KeyedProcessOperator<TKey, TIn, TState, TOut, TFunction> Process { get; } = new();

        public override ICheckpointedOperator Operator => Process;

        public override (long, long) Held => (Process.TimerCount, Process.StateCount);

        public override long CurrentWatermark => Process.CurrentWatermark;

        public override bool Add(TKey key, long time, TIn value)
        {
            var output = new ListOf<TKey, TOut>(Output);
            Process.Add(key, time, value, ref output);
            return true;
        }

        public override void Watermark(long watermark)
        {
            var output = new ListOf<TKey, TOut>(Output);
            Process.AdvanceWatermark(watermark, ref output);
        }
    }

    private sealed class CoGroupSubtask<TKey, TLeft, TRight, TOut, TFunction>(long size, long slide, long lateness) : Subtask<TKey, JoinInput<TLeft, TRight>, TOut>
        where TKey : notnull
        where TFunction : ICoGroupFunction<TKey, TLeft, TRight, TOut>
    {
        public WindowCoGroupOperator<TKey, TLeft, TRight, TOut, TFunction> Join { get; } = new(size, slide, lateness);

        public override ICheckpointedOperator Operator => Join;

        public override (long, long) Held => (Join.BufferedRecords, Join.OpenWindows);

        public override long CurrentWatermark => Join.CurrentWatermark;

        public override bool Add(TKey key, long time, JoinInput<TLeft, TRight> value)
        {
            var output = new ListOf<TKey, TOut>(Output);
            return Join.Add(key, time, value, ref output);
        }

        public override void Watermark(long watermark)
        {
            var output = new ListOf<TKey, TOut>(Output);
            Join.AdvanceWatermark(watermark, ref output);
        }
    }

    private sealed class IntervalSubtask<TKey, TLeft, TRight, TOut, TFunction>(long lower, long upper) : Subtask<TKey, JoinInput<TLeft, TRight>, TOut>
        where TKey : notnull
        where TFunction : IIntervalJoinFunction<TLeft, TRight, TOut>
    {
        public IntervalJoinOperator<TKey, TLeft, TRight, TOut, TFunction> Join { get; } = new(lower, upper);

        public override ICheckpointedOperator Operator => Join;

        public override (long, long) Held => (Join.BufferedLeft, Join.BufferedRight);

        public override long CurrentWatermark => Join.CurrentWatermark;

        public override bool Add(TKey key, long time, JoinInput<TLeft, TRight> value)
        {
            var output = new ListOf<TKey, TOut>(Output);
            return Join.Add(key, time, value, ref output);
        }

        public override void Watermark(long watermark)
        {
            var output = new ListOf<TKey, TOut>(Output);
            Join.AdvanceWatermark(watermark, ref output);
        }
    }
}

/// <summary>The state of <see cref="SessionFunction"/>: unmanaged, so it is snapshotted as bytes.</summary>
public struct Session
{
    public long Sum;
    public int Count;
    public long Timeout;
}

/// <summary>The same state with a field more: a snapshot of <see cref="Session"/> does not restore into it.</summary>
public struct SessionV2
{
    public long Sum;
    public int Count;
    public long Timeout;
    public long Last;
}

public readonly record struct SessionOut(long Sum, int Count, bool Timer);

/// <summary>
/// Sums a key's values; each record moves the key's timeout to 20 ms after it (deleting the timer
/// set before) and sets a report timer at the next multiple of 50 ms. A report emits the sum; the
/// timeout emits it and forgets the key.
/// </summary>
public readonly struct SessionFunction : IKeyedProcessFunction<long, long, Session, SessionOut>
{
    public static void ProcessElement(in long value, ref KeyedContext<long, Session, SessionOut> context)
    {
        ref Session session = ref context.State;
        session.Sum += value;
        session.Count++;
        context.Emit(new SessionOut(session.Sum, session.Count, false));
        if (session.Count > 1)
        {
            context.DeleteTimer(session.Timeout);
        }

        session.Timeout = Math.Max(context.Timestamp, context.Watermark) + 20;
        context.RegisterTimer(session.Timeout);
        context.RegisterTimer((context.Timestamp / 50 + 1) * 50);
    }

    public static void OnTimer(ref KeyedContext<long, Session, SessionOut> context)
    {
        ref Session session = ref context.State;
        context.Emit(new SessionOut(session.Sum, session.Count, true));
        if (context.Timestamp == session.Timeout)
        {
            context.ClearState();
        }
    }
}

/// <summary>A state holding a string: snapshotted through MessagePack.</summary>
public struct TagState
{
    public string? Tags;
    public int Count;
}

/// <summary>Appends each record to the key's tags; a timer 15 ms after each record emits the tags and the count.</summary>
public readonly struct TagFunction : IKeyedProcessFunction<string, string, TagState, string>
{
    public static void ProcessElement(in string value, ref KeyedContext<string, TagState, string> context)
    {
        ref TagState state = ref context.State;
        state.Tags += value;
        state.Count++;
        context.Emit(state.Tags);
        context.RegisterTimer(context.Timestamp + 15);
    }

    public static void OnTimer(ref KeyedContext<string, TagState, string> context) =>
        context.Emit($"{context.State.Tags}/{context.State.Count}");
}

/// <summary>Sets a timer at a positive value, deletes the one at minus a negative value; a timer emits the key.</summary>
public readonly struct Reminder : IKeyedProcessFunction<long, long, long, long>
{
    public static void ProcessElement(in long value, ref KeyedContext<long, long, long> context)
    {
        if (value > 0)
        {
            context.RegisterTimer(value);
        }
        else
        {
            context.DeleteTimer(-value);
        }
    }

    public static void OnTimer(ref KeyedContext<long, long, long> context) => context.Emit(context.Key);
}

/// <summary>A process function that does nothing: for operators that only restore.</summary>
public readonly struct Ignore<TKey, TIn, TState, TOut> : IKeyedProcessFunction<TKey, TIn, TState, TOut>
    where TKey : notnull
{
    public static void ProcessElement(in TIn value, ref KeyedContext<TKey, TState, TOut> context)
    {
    }

    public static void OnTimer(ref KeyedContext<TKey, TState, TOut> context)
    {
    }
}

/// <summary>Unmanaged join records: their spans are snapshotted as bytes.</summary>
public readonly record struct BuyQuote(int Id, long Price);

public readonly record struct SellQuote(int Id, long Price);

/// <summary>The same right record with a field more.</summary>
public readonly record struct SellQuoteV2(int Id, long Price, long Volume);

/// <summary>A pair of ids with the sizes of the two sides; -1 for the missing side of an outer join.</summary>
public readonly record struct Matched(int BuyId, int SellId, int Buys, int Sells);

/// <summary>A full outer co-group: each pair, or each record of a side whose other side is empty, with both sides' counts.</summary>
public struct MatchCoGroup<TKey> : ICoGroupFunction<TKey, BuyQuote, SellQuote, Matched>
    where TKey : notnull
{
    public static void CoGroup(in JoinWindow<TKey, BuyQuote, SellQuote> window, ref Emitter<Matched> output)
    {
        int buys = window.Left.Length, sells = window.Right.Length;
        foreach (BuyQuote buy in window.Left)
        {
            if (sells == 0)
            {
                output.Emit(new Matched(buy.Id, -1, buys, 0));
            }

            foreach (SellQuote sell in window.Right)
            {
                output.Emit(new Matched(buy.Id, sell.Id, buys, sells));
            }
        }

        if (buys == 0)
        {
            foreach (SellQuote sell in window.Right)
            {
                output.Emit(new Matched(-1, sell.Id, 0, sells));
            }
        }
    }
}

public struct MatchJoin : IIntervalJoinFunction<BuyQuote, SellQuote, Matched>
{
    public static Matched Join(in BuyQuote left, in SellQuote right) => new(left.Id, right.Id, 0, 0);
}

/// <summary>A co-group over any types, emitting the sides' sizes: for operators that only restore.</summary>
public struct CountCoGroup<TKey, TLeft, TRight> : ICoGroupFunction<TKey, TLeft, TRight, int>
    where TKey : notnull
{
    public static void CoGroup(in JoinWindow<TKey, TLeft, TRight> window, ref Emitter<int> output) =>
        output.Emit(window.Left.Length + window.Right.Length);
}

/// <summary>An interval join over any types: for operators that only restore.</summary>
public struct NoJoin<TLeft, TRight> : IIntervalJoinFunction<TLeft, TRight, int>
{
    public static int Join(in TLeft left, in TRight right) => 0;
}
