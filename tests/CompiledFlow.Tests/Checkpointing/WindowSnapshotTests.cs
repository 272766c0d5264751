using System.Globalization;
using CompiledFlow.Tests.Windows;
using CsCheck;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>
/// Snapshots of the window operators. A run interrupted by a snapshot and continued on fresh
/// operators restored from it (at the same parallelism, split from 1 to 2 subtasks, or merged
/// from 2 to 1) emits the same results and rejects the same records as a run that was never
/// interrupted, over random keyed streams with out-of-order records, late records within and past
/// the allowed lateness, and watermarks that go back or jump. State that does not fit (another
/// accumulator type, another window size, cut bytes) fails with a <see cref="CheckpointException"/>.
/// </summary>
public sealed class WindowSnapshotTests
{
    private const string OperatorName = "stage 1 (window)";

    public static TheoryData<string> Kinds => new() { "tumbling", "sliding", "session" };

    // ---- Random streams ----------------------------------------------------------------------

    /// <summary>A record (key, event time, value) or a watermark (at <see cref="Time"/>).</summary>
    public readonly record struct Event(bool IsWatermark, int Key, long Time, long Value);

    /// <summary>Windows of <see cref="Size"/> (the gap of sessions) and a stream cut after <see cref="Split"/> events.</summary>
    public sealed record Scenario(long Size, long Slide, long Lateness, Event[] Events, int Split)
    {
        public override string ToString() =>
            $"size={Size} slide={Slide} lateness={Lateness} split={Split} events=[{string.Join(", ", Events.Select(e => e.IsWatermark ? $"W{e.Time}" : $"k{e.Key}@{e.Time}={e.Value}"))}]";
    }

    private readonly record struct Step(bool IsWatermark, int Key, long Advance, long Back, long Value);

    private static readonly Gen<Step> GenStep = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 11],
        Gen.Frequency((12, Gen.Long[0, 4]), (1, Gen.Long[5, 80])), Gen.Long[0, 30], Gen.Long[-5, 100],
        (roll, key, advance, back, value) => new Step(roll >= 8, key, advance, back, value));

    private static readonly Gen<Scenario> GenScenario =
        Gen.Long[1, 20].SelectMany(size => Gen.Select(
            Gen.Long[1, size],
            Gen.Frequency((1, Gen.Const(0L)), (2, Gen.Long[1, 40])),
            Gen.Long[-300, 300],
            GenStep.Array[1, 160],
            Gen.Double[0, 1],
            (slide, lateness, origin, steps, cut) =>
            {
                long clock = origin;
                var events = new Event[steps.Length];
                for (int i = 0; i < steps.Length; i++)
                {
                    clock += steps[i].Advance;
                    events[i] = new Event(steps[i].IsWatermark, steps[i].Key, clock - steps[i].Back, steps[i].Value);
                }
                return new Scenario(size, slide, lateness, events, (int)(cut * steps.Length));
            }));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_restored_operator_continues_as_if_never_interrupted(string kind) =>
        GenScenario.Sample(s => RestoreAtSameParallelism(s, Create<int>(kind, s), k => k), iter: 300);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void One_snapshot_restores_into_two_subtasks_that_split_the_keys(string kind) =>
        GenScenario.Sample(s => RestoreSplit(s, Create<int>(kind, s), k => k), iter: 300);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Two_snapshots_restore_into_one_subtask(string kind) =>
        GenScenario.Sample(s => RestoreMerged(s, Create<int>(kind, s), k => k), iter: 300);

    /// <summary>String keys and an accumulator holding a string: both go through MessagePack.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void String_keys_and_reference_accumulators_restore_through_MessagePack(string kind)
    {
        Assert.False(StateCodec<string>.IsUnmanaged);
        Assert.False(StateCodec<TextAcc>.IsUnmanaged);
        Func<Subtask<string, TextAcc>> create = kind switch
        {
            "tumbling" => () => new Tumbling<string, TextAcc, TextAggregator>(7, 5),
            "sliding" => () => new Sliding<string, TextAcc, TextAggregator>(9, 4, 5),
            _ => () => new Session<string, TextAcc, TextAggregator, TextMerger>(6, 5),
        };
        GenScenario.Sample(s =>
        {
            RestoreAtSameParallelism(s, create, k => "key-" + k);
            RestoreSplit(s, create, k => "key-" + k);
            RestoreMerged(s, create, k => "key-" + k);
        }, iter: 100);
    }

    // ---- Examples ----------------------------------------------------------------------------

    /// <summary>
    /// Allowed lateness across a snapshot: a window that fired before the snapshot fires again after
    /// restore for a record within the lateness, and a record past it is late, as without restore.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Windows_that_fired_before_the_snapshot_fire_again_and_late_records_stay_late(string kind)
    {
        var scenario = new Scenario(10, 5, 10, [], 0);
        Event[] partA =
        [
            new(false, 1, 3, 10), new(false, 2, 4, 20), new(false, 1, 12, 30), new(false, 3, 25, 40),
            new(true, 0, 14, 0), // fires the windows ending by 14; keeps them until 14 + lateness
        ];
        Event[] partB =
        [
            new(false, 2, 5, 50),   // within the lateness: fires its fired window(s) again at once
            new(false, 4, 6, 60),   // a new key in an old window, within the lateness
            new(true, 0, 30, 0),
            new(false, 2, 2, 70),   // past the lateness: late
            new(false, 3, 26, 80),
            new(true, 0, 40, 0),
        ];
        Func<Subtask<int, TestAcc>> create = Create<int>(kind, scenario);

        Subtask<int, TestAcc> uninterrupted = create();
        var expected = new List<WindowResult<int, TestAcc>>();
        bool[] expectedA = Feed(uninterrupted, partA, k => k, expected);
        bool[] expectedVerdicts = [.. expectedA, .. Feed(uninterrupted, partB, k => k, expected)];
        uninterrupted.AdvanceWatermark(long.MaxValue, expected);

        Subtask<int, TestAcc> before = create();
        var actual = new List<WindowResult<int, TestAcc>>();
        bool[] verdictsA = Feed(before, partA, k => k, actual);
        int firedBefore = actual.Count;
        Subtask<int, TestAcc> after = create();
        Restore(after, Snapshot(before), KeyOwnership.All);
        bool[] verdictsB = Feed(after, partB, k => k, actual);
        after.AdvanceWatermark(long.MaxValue, actual);

        Assert.Equal(expected, actual);
        Assert.Equal(expectedVerdicts, verdictsA.Concat(verdictsB));
        Assert.True(firedBefore > 0);
        Assert.Contains(actual.Skip(firedBefore), r => r.Key == 2 && r.End - 1 <= 14); // fired again after restore
        Assert.Equal(new[] { true, true, true, false, true, true }, verdictsB);
    }

    /// <summary>Restoring at parallelism 2 keeps in each subtask exactly the keys it owns.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_subtask_keeps_only_the_keys_it_owns(string kind)
    {
        var scenario = new Scenario(10, 5, 0, [], 0);
        Func<Subtask<int, TestAcc>> create = Create<int>(kind, scenario);
        Subtask<int, TestAcc> source = create();
        var ignored = new List<WindowResult<int, TestAcc>>();
        for (int key = 0; key < 100; key++)
        {
            source.Add(key, 100 + key % 7, key, ignored);
        }
        byte[] snapshot = Snapshot(source);

        var owned = new HashSet<int>[2];
        for (int subtask = 0; subtask < 2; subtask++)
        {
            Subtask<int, TestAcc> restored = create();
            Restore(restored, snapshot, new KeyOwnership(subtask, 2));
            var output = new List<WindowResult<int, TestAcc>>();
            restored.AdvanceWatermark(long.MaxValue, output);
            owned[subtask] = [.. output.Select(r => r.Key)];
            Assert.All(owned[subtask], key => Assert.Equal(subtask, KeyHash.Partition(key, 2)));
        }

        Assert.Empty(owned[0].Intersect(owned[1]));
        Assert.Equal(100, owned[0].Count + owned[1].Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_empty_operator_restores_to_an_empty_operator(string kind)
    {
        Func<Subtask<int, TestAcc>> create = Create<int>(kind, new Scenario(10, 5, 0, [], 0));
        Subtask<int, TestAcc> restored = create();
        Restore(restored, Snapshot(create()), KeyOwnership.All);
        var output = new List<WindowResult<int, TestAcc>>();
        Assert.Equal(long.MinValue, restored.CurrentWatermark);
        Assert.Equal(0, restored.OpenWindows);
        Assert.True(restored.Add(1, long.MinValue / 2, 1, output)); // nothing is late yet
        restored.AdvanceWatermark(long.MaxValue, output);
        Assert.NotEmpty(output);
        Assert.All(output, r => Assert.Equal(1, r.Value.Count));
    }

    // ---- State that does not fit -------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Restoring_into_another_accumulator_type_names_the_operator_and_both_types(string kind)
    {
        Subtask<int, TestAcc> source = Create<int>(kind, new Scenario(10, 5, 0, [], 0))();
        source.Add(1, 5, 1, []);
        ICheckpointedOperator target = kind switch
        {
            "tumbling" => new TumblingWindows<int, long, Stats, StatsAggregator>(10, 0),
            "sliding" => new SlidingWindows<int, long, Stats, StatsAggregator>(10, 5, 0),
            _ => new SessionWindows<int, long, Stats, StatsAggregator, StatsMerger>(10, 0),
        };

        var error = Assert.Throws<CheckpointException>(() => target.Restore(new StateReader(Snapshot(source), OperatorName), KeyOwnership.All));
        Assert.Contains(OperatorName, error.Message);
        Assert.Contains("accumulator", error.Message);
        Assert.Contains(typeof(TestAcc).FullName!, error.Message);
        Assert.Contains(typeof(Stats).FullName!, error.Message);
    }

    [Fact]
    public void Restoring_into_another_key_type_names_the_key()
    {
        var source = new TumblingWindows<int, long, TestAcc, TestAggregator>(10, 0);
        var output = new ListCollector<int, TestAcc>([]);
        source.Add(1, 5, 1, ref output);
        var state = new StateWriter();
        source.Snapshot(state);

        var target = new TumblingWindows<long, long, TestAcc, TestAggregator>(10, 0);
        var error = Assert.Throws<CheckpointException>(() => target.Restore(new StateReader(state.Written, OperatorName), KeyOwnership.All));
        Assert.Contains(OperatorName, error.Message);
        Assert.Contains("key type", error.Message);
        Assert.Contains("System.Int32", error.Message);
        Assert.Contains("System.Int64", error.Message);
    }

    [Theory]
    [InlineData("tumbling", 20, 20)]
    [InlineData("sliding", 20, 5)]
    [InlineData("sliding", 10, 2)]
    public void Restoring_windows_of_another_size_or_slide_is_refused(string kind, long size, long slide)
    {
        Subtask<int, TestAcc> source = Create<int>(kind, new Scenario(10, 5, 0, [], 0))();
        source.Add(1, 5, 1, []);
        Subtask<int, TestAcc> target = Create<int>(kind, new Scenario(size, slide, 0, [], 0))();

        var error = Assert.Throws<CheckpointException>(() => Restore(target, Snapshot(source), KeyOwnership.All));
        Assert.Contains(OperatorName, error.Message);
        Assert.Contains("10 ms", error.Message);
        Assert.Contains($"{size} ms", error.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Restoring_the_same_snapshot_twice_into_one_subtask_is_refused(string kind)
    {
        Func<Subtask<int, TestAcc>> create = Create<int>(kind, new Scenario(10, 5, 0, [], 0));
        Subtask<int, TestAcc> source = create();
        source.Add(1, 5, 1, []);
        byte[] snapshot = Snapshot(source);
        Subtask<int, TestAcc> target = create();
        Restore(target, snapshot, KeyOwnership.All);

        var error = Assert.Throws<CheckpointException>(() => Restore(target, snapshot, KeyOwnership.All));
        Assert.Contains(OperatorName, error.Message);
        Assert.Contains("two of the snapshots", error.Message);
    }

    /// <summary>Every cut of a snapshot, of unmanaged and of MessagePack state, is reported as malformed.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_truncated_snapshot_is_refused(string kind)
    {
        Func<Subtask<int, TestAcc>> create = Create<int>(kind, new Scenario(10, 5, 10, [], 0));
        Subtask<int, TestAcc> source = create();
        Func<Subtask<string, TextAcc>> createText = kind switch
        {
            "tumbling" => () => new Tumbling<string, TextAcc, TextAggregator>(10, 10),
            "sliding" => () => new Sliding<string, TextAcc, TextAggregator>(10, 5, 10),
            _ => () => new Session<string, TextAcc, TextAggregator, TextMerger>(10, 10),
        };
        Subtask<string, TextAcc> textSource = createText();
        foreach ((int key, long time) in new[] { (1, 5L), (2, 7L), (1, 30L), (3, 44L), (2, 11L) })
        {
            source.Add(key, time, key * time, []);
            textSource.Add("key-" + key, time, key * time, []);
        }
        source.AdvanceWatermark(20, []);
        textSource.AdvanceWatermark(20, []);

        AssertEveryCutFails(Snapshot(source), create, namesOperator: true);

        // A cut inside a MessagePack value is reported by StateCodec, whose message gives the byte but not the operator.
        AssertEveryCutFails(Snapshot(textSource), createText, namesOperator: false);
    }

    private static void AssertEveryCutFails<TKey, TAcc>(byte[] snapshot, Func<Subtask<TKey, TAcc>> create, bool namesOperator)
        where TKey : notnull
    {
        for (int length = 0; length < snapshot.Length; length++)
        {
            var reader = new StateReader(snapshot.AsMemory(0, length), OperatorName);
            var error = Assert.Throws<CheckpointException>(() => create().Operator.Restore(reader, KeyOwnership.All));
            if (namesOperator)
            {
                Assert.Contains(OperatorName, error.Message);
            }
        }

        var whole = new StateReader(snapshot, OperatorName);
        create().Operator.Restore(whole, KeyOwnership.All);
        Assert.True(whole.AtEnd);
    }

    // ---- The three ways to continue a run ----------------------------------------------------

    /// <summary>Snapshot after part A, restore into one fresh operator, feed part B: the same results in the same order.</summary>
    private static void RestoreAtSameParallelism<TKey, TAcc>(Scenario scenario, Func<Subtask<TKey, TAcc>> create, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        (List<WindowResult<TKey, TAcc>> expected, bool[] expectedVerdicts) = Uninterrupted(scenario, create, keyOf);

        Subtask<TKey, TAcc> before = create();
        var actual = new List<WindowResult<TKey, TAcc>>();
        bool[] verdictsA = Feed(before, scenario.Events[..scenario.Split], keyOf, actual);
        Subtask<TKey, TAcc> after = create();
        Restore(after, Snapshot(before), KeyOwnership.All);
        Assert.Equal(before.CurrentWatermark, after.CurrentWatermark);
        Assert.Equal(before.OpenWindows, after.OpenWindows);
        bool[] verdictsB = Feed(after, scenario.Events[scenario.Split..], keyOf, actual);
        after.AdvanceWatermark(long.MaxValue, actual);

        Assert.Equal(expectedVerdicts, verdictsA.Concat(verdictsB));
        Assert.Equal(expected, actual);
    }

    /// <summary>Snapshot after part A, restore into two subtasks that split the keys, route part B by key.</summary>
    private static void RestoreSplit<TKey, TAcc>(Scenario scenario, Func<Subtask<TKey, TAcc>> create, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        (List<WindowResult<TKey, TAcc>> expected, bool[] expectedVerdicts) = Uninterrupted(scenario, create, keyOf);

        Subtask<TKey, TAcc> before = create();
        var actual = new List<WindowResult<TKey, TAcc>>();
        bool[] verdictsA = Feed(before, scenario.Events[..scenario.Split], keyOf, actual);
        byte[] snapshot = Snapshot(before);

        var subtasks = new Subtask<TKey, TAcc>[2];
        for (int i = 0; i < 2; i++)
        {
            subtasks[i] = create();
            Restore(subtasks[i], snapshot, new KeyOwnership(i, 2));
        }
        Assert.Equal(before.OpenWindows, subtasks[0].OpenWindows + subtasks[1].OpenWindows);
        bool[] verdictsB = FeedPartitioned(subtasks, scenario.Events[scenario.Split..], keyOf, actual);
        foreach (Subtask<TKey, TAcc> subtask in subtasks)
        {
            subtask.AdvanceWatermark(long.MaxValue, actual);
        }

        Assert.Equal(expectedVerdicts, verdictsA.Concat(verdictsB));
        AssertSameMultiset(expected, actual);
    }

    /// <summary>Part A on two subtasks that split the keys, both snapshots restored into one operator, then part B.</summary>
    private static void RestoreMerged<TKey, TAcc>(Scenario scenario, Func<Subtask<TKey, TAcc>> create, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        (List<WindowResult<TKey, TAcc>> expected, bool[] expectedVerdicts) = Uninterrupted(scenario, create, keyOf);

        Subtask<TKey, TAcc>[] subtasks = [create(), create()];
        var actual = new List<WindowResult<TKey, TAcc>>();
        bool[] verdictsA = FeedPartitioned(subtasks, scenario.Events[..scenario.Split], keyOf, actual);

        Subtask<TKey, TAcc> after = create();
        Restore(after, Snapshot(subtasks[1]), KeyOwnership.All);
        Restore(after, Snapshot(subtasks[0]), KeyOwnership.All);
        Assert.Equal(subtasks[0].OpenWindows + subtasks[1].OpenWindows, after.OpenWindows);
        bool[] verdictsB = Feed(after, scenario.Events[scenario.Split..], keyOf, actual);
        after.AdvanceWatermark(long.MaxValue, actual);

        Assert.Equal(expectedVerdicts, verdictsA.Concat(verdictsB));
        AssertSameMultiset(expected, actual);
    }

    private static (List<WindowResult<TKey, TAcc>> Output, bool[] Verdicts) Uninterrupted<TKey, TAcc>(Scenario scenario, Func<Subtask<TKey, TAcc>> create, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        Subtask<TKey, TAcc> windows = create();
        var output = new List<WindowResult<TKey, TAcc>>();
        bool[] verdicts = Feed(windows, scenario.Events, keyOf, output);
        windows.AdvanceWatermark(long.MaxValue, output);
        return (output, verdicts);
    }

    /// <summary>Feeds events; the verdict of a record is whether it was accepted (watermarks: true).</summary>
    private static bool[] Feed<TKey, TAcc>(Subtask<TKey, TAcc> windows, Event[] events, Func<int, TKey> keyOf, List<WindowResult<TKey, TAcc>> output)
        where TKey : notnull =>
        FeedPartitioned([windows], events, keyOf, output);

    /// <summary>Feeds records to the subtask their key is routed to, and watermarks to every subtask.</summary>
    private static bool[] FeedPartitioned<TKey, TAcc>(Subtask<TKey, TAcc>[] subtasks, Event[] events, Func<int, TKey> keyOf, List<WindowResult<TKey, TAcc>> output)
        where TKey : notnull
    {
        var verdicts = new bool[events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            Event e = events[i];
            if (e.IsWatermark)
            {
                foreach (Subtask<TKey, TAcc> subtask in subtasks)
                {
                    subtask.AdvanceWatermark(e.Time, output);
                }
                verdicts[i] = true;
            }
            else
            {
                TKey key = keyOf(e.Key);
                verdicts[i] = subtasks[KeyHash.Partition(key, subtasks.Length)].Add(key, e.Time, e.Value, output);
            }
        }
        return verdicts;
    }

    private static byte[] Snapshot<TKey, TAcc>(Subtask<TKey, TAcc> windows)
        where TKey : notnull
    {
        var state = new StateWriter();
        windows.Operator.Snapshot(state);
        return state.Written.ToArray();
    }

    private static void Restore<TKey, TAcc>(Subtask<TKey, TAcc> windows, byte[] snapshot, KeyOwnership owner)
        where TKey : notnull
    {
        var reader = new StateReader(snapshot, OperatorName);
        windows.Operator.Restore(reader, owner);
        Assert.True(reader.AtEnd, "Restore must read the whole snapshot.");
    }

    private static void AssertSameMultiset<TKey, TAcc>(List<WindowResult<TKey, TAcc>> expected, List<WindowResult<TKey, TAcc>> actual) =>
        Assert.Equal(expected.Select(r => r.ToString()).Order(StringComparer.Ordinal), actual.Select(r => r.ToString()).Order(StringComparer.Ordinal));

    private static Func<Subtask<TKey, TestAcc>> Create<TKey>(string kind, Scenario s)
        where TKey : notnull => kind switch
        {
            "tumbling" => () => new Tumbling<TKey, TestAcc, TestAggregator>(s.Size, s.Lateness),
            "sliding" => () => new Sliding<TKey, TestAcc, TestAggregator>(s.Size, s.Slide, s.Lateness),
            "session" => () => new Session<TKey, TestAcc, TestAggregator, TestMerger>(s.Size, s.Lateness),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    // ---- The operators behind one interface --------------------------------------------------

    /// <summary>A window operator under test (one subtask's): records, watermarks, and its checkpoint interface.</summary>
    public abstract class Subtask<TKey, TAcc>
        where TKey : notnull
    {
        public abstract ICheckpointedOperator Operator { get; }

        public abstract long CurrentWatermark { get; }

        public abstract int OpenWindows { get; }

        public abstract bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TAcc>> output);

        public abstract void AdvanceWatermark(long watermark, List<WindowResult<TKey, TAcc>> output);
    }

    public sealed class Tumbling<TKey, TAcc, TAggregator>(long size, long lateness) : Subtask<TKey, TAcc>
        where TKey : notnull
        where TAggregator : IAggregator<long, TAcc>
    {
        private readonly TumblingWindows<TKey, long, TAcc, TAggregator> _windows = new(size, lateness);

        public override ICheckpointedOperator Operator => _windows;

        public override long CurrentWatermark => _windows.CurrentWatermark;

        public override int OpenWindows => _windows.OpenWindows;

        public override bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TAcc>> output)
        {
            var collector = new ListCollector<TKey, TAcc>(output);
            return _windows.Add(key, timestamp, value, ref collector);
        }

        public override void AdvanceWatermark(long watermark, List<WindowResult<TKey, TAcc>> output)
        {
            var collector = new ListCollector<TKey, TAcc>(output);
            _windows.AdvanceWatermark(watermark, ref collector);
        }
    }

    public sealed class Sliding<TKey, TAcc, TAggregator>(long size, long slide, long lateness) : Subtask<TKey, TAcc>
        where TKey : notnull
        where TAggregator : IAggregator<long, TAcc>
    {
        private readonly SlidingWindows<TKey, long, TAcc, TAggregator> _windows = new(size, slide, lateness);

        public override ICheckpointedOperator Operator => _windows;

        public override long CurrentWatermark => _windows.CurrentWatermark;

        public override int OpenWindows => _windows.OpenWindows;

        public override bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TAcc>> output)
        {
            var collector = new ListCollector<TKey, TAcc>(output);
            return _windows.Add(key, timestamp, value, ref collector);
        }

        public override void AdvanceWatermark(long watermark, List<WindowResult<TKey, TAcc>> output)
        {
            var collector = new ListCollector<TKey, TAcc>(output);
            _windows.AdvanceWatermark(watermark, ref collector);
        }
    }

    public sealed class Session<TKey, TAcc, TAggregator, TMerger>(long gap, long lateness) : Subtask<TKey, TAcc>
        where TKey : notnull
        where TAggregator : IAggregator<long, TAcc>
        where TMerger : IAccumulatorMerger<TAcc>
    {
        private readonly SessionWindows<TKey, long, TAcc, TAggregator, TMerger> _windows = new(gap, lateness);

        public override ICheckpointedOperator Operator => _windows;

        public override long CurrentWatermark => _windows.CurrentWatermark;

        public override int OpenWindows => _windows.OpenWindows;

        public override bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TAcc>> output)
        {
            var collector = new ListCollector<TKey, TAcc>(output);
            return _windows.Add(key, timestamp, value, ref collector);
        }

        public override void AdvanceWatermark(long watermark, List<WindowResult<TKey, TAcc>> output)
        {
            var collector = new ListCollector<TKey, TAcc>(output);
            _windows.AdvanceWatermark(watermark, ref collector);
        }
    }

    public readonly struct ListCollector<TKey, TAcc>(List<WindowResult<TKey, TAcc>> items) : ICollector<WindowResult<TKey, TAcc>>
    {
        public void Collect(in WindowResult<TKey, TAcc> item) => items.Add(item);
    }

    // ---- An accumulator with a reference ------------------------------------------------------

    /// <summary>The values in the order they were folded and merged, as text: not unmanaged, so it is serialized.</summary>
    public record struct TextAcc(long Count, string? Text);

    public struct TextAggregator : IAggregator<long, TextAcc>
    {
        public static void Add(ref TextAcc accumulator, in long value) =>
            accumulator = new TextAcc(accumulator.Count + 1, accumulator.Text is null ? value.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{accumulator.Text},{value}"));
    }

    public struct TextMerger : IAccumulatorMerger<TextAcc>
    {
        public static void Merge(ref TextAcc into, in TextAcc other) =>
            into = new TextAcc(into.Count + other.Count, $"({into.Text}|{other.Text})");
    }
}
