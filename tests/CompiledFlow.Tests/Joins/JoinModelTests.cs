using CsCheck;

namespace CompiledFlow.Tests.Joins;

/// <summary>
/// Property tests: on random two-sided keyed streams with out-of-order timestamps (negative ones
/// too) and random watermarks (some going backwards, some jumping far), each join operator emits
/// exactly the sequence (key, timestamp, value) its reference model emits, returns the same verdict
/// on every record and holds the same state after every step; then the final watermark fires and
/// drops everything.
/// </summary>
public sealed class JoinModelTests
{
    /// <summary>
    /// One step of a stream: the clock moves by <see cref="Advance"/>; then a left or right record of
    /// key <see cref="Key"/> at clock - <see cref="Back"/>, or a watermark there.
    /// </summary>
    public readonly record struct Step(StepKind Kind, int Key, long Advance, long Back);

    public enum StepKind
    {
        Left,
        Right,
        Watermark,
    }

    public sealed record Scenario(long Size, long Slide, long Lateness, long Origin, Step[] Steps)
    {
        public override string ToString() =>
            $"size={Size} slide={Slide} lateness={Lateness} origin={Origin} steps=[{Describe(Steps)}]";
    }

    public sealed record IntervalScenario(long Lower, long Upper, long Origin, Step[] Steps)
    {
        public override string ToString() =>
            $"lower={Lower} upper={Upper} origin={Origin} steps=[{Describe(Steps)}]";
    }

    private static string Describe(Step[] steps) =>
        string.Join(", ", steps.Select(s => s.Kind switch
        {
            StepKind.Watermark => $"+{s.Advance} W-{s.Back}",
            StepKind.Left => $"+{s.Advance} L k{s.Key}@-{s.Back}",
            _ => $"+{s.Advance} R k{s.Key}@-{s.Back}",
        }));

    private static readonly Gen<long> GenAdvance = Gen.Frequency((12, Gen.Long[0, 4]), (1, Gen.Long[5, 120]));

    private static Gen<Step> Steps(int keys, int watermarkPercent) =>
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[0, keys - 1], GenAdvance, Gen.Long[0, 30],
            (roll, side, key, advance, back) => new Step(roll < watermarkPercent ? StepKind.Watermark : side < 50 ? StepKind.Left : StepKind.Right, key, advance, back));

    private static Gen<Scenario> CoGroupScenarios(bool sliding, Gen<long> lateness, Gen<Step> steps, int minSteps, int maxSteps) =>
        Gen.Long[1, 20].SelectMany(size => Gen.Select(sliding ? Gen.Long[1, size] : Gen.Const(size), lateness, Gen.Long[-300, 300], steps.Array[minSteps, maxSteps],
            (slide, late, origin, s) => new Scenario(size, slide, late, origin, s)));

    private static readonly Gen<long> NoLateness = Gen.Const(0L);
    private static readonly Gen<long> SomeLateness = Gen.Long[1, 40];

    private static readonly Gen<IntervalScenario> IntervalScenarios =
        Gen.Select(Gen.Long[-25, 25], Gen.Long[0, 30], Gen.Long[-300, 300], Steps(5, 20).Array[0, 200],
            (lower, width, origin, steps) => new IntervalScenario(lower, lower + width, origin, steps));

    [Fact]
    public void Tumbling_co_group_without_lateness_matches_the_model() =>
        CoGroupScenarios(false, NoLateness, Steps(5, 20), 0, 200).Sample(s =>
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), new CoGroupModel<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), k => k), iter: 300);

    [Fact]
    public void Tumbling_co_group_with_allowed_lateness_matches_the_model() =>
        CoGroupScenarios(false, SomeLateness, Steps(5, 20), 0, 200).Sample(s =>
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), new CoGroupModel<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), k => k), iter: 300);

    [Fact]
    public void Sliding_co_group_without_lateness_matches_the_model() =>
        CoGroupScenarios(true, NoLateness, Steps(5, 20), 0, 200).Sample(s =>
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), new CoGroupModel<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), k => k), iter: 300);

    [Fact]
    public void Sliding_co_group_with_allowed_lateness_matches_the_model() =>
        CoGroupScenarios(true, SomeLateness, Steps(5, 20), 0, 200).Sample(s =>
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), new CoGroupModel<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), k => k), iter: 300);

    /// <summary>The inner join and the distinct co-group: functions that emit nothing for some (key, window) pairs.</summary>
    [Fact]
    public void Inner_and_distinct_co_groups_match_the_model() =>
        CoGroupScenarios(true, Gen.Frequency((1, NoLateness), (1, SomeLateness)), Steps(5, 20), 0, 200).Sample(s =>
        {
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<int, IdPair, PairsCoGroup>(s.Size, s.Slide, s.Lateness), new CoGroupModel<int, IdPair, PairsCoGroup>(s.Size, s.Slide, s.Lateness), k => k);
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<int, BothSides, DistinctCoGroup>(s.Size, s.Slide, s.Lateness), new CoGroupModel<int, BothSides, DistinctCoGroup>(s.Size, s.Slide, s.Lateness), k => k);
        }, iter: 200);

    [Fact]
    public void Co_group_with_string_keys_matches_the_model() =>
        CoGroupScenarios(true, Gen.Frequency((1, NoLateness), (1, SomeLateness)), Steps(5, 20), 0, 200).Sample(s =>
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<string, Seen, TraceCoGroup<string>>(s.Size, s.Slide, s.Lateness), new CoGroupModel<string, Seen, TraceCoGroup<string>>(s.Size, s.Slide, s.Lateness), k => "key" + k), iter: 150);

    /// <summary>Many keys and long streams: tables and arenas grow, purged panes are reused.</summary>
    [Fact]
    public void Co_group_over_many_keys_matches_the_model() =>
        CoGroupScenarios(true, Gen.Frequency((1, NoLateness), (1, SomeLateness)), Steps(60, 3), 500, 1500).Sample(s =>
            Compare(s.Origin, s.Steps, new CoGroupUnderTest<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), new CoGroupModel<int, Seen, TraceCoGroup<int>>(s.Size, s.Slide, s.Lateness), k => k), iter: 25);

    [Fact]
    public void Interval_join_matches_a_join_that_never_forgets() =>
        IntervalScenarios.Sample(s =>
            Compare(s.Origin, s.Steps, new IntervalJoinUnderTest<int>(s.Lower, s.Upper), new IntervalJoinModel<int>(s.Lower, s.Upper), k => k), iter: 500);

    [Fact]
    public void Interval_join_with_string_keys_matches_a_join_that_never_forgets() =>
        IntervalScenarios.Sample(s =>
            Compare(s.Origin, s.Steps, new IntervalJoinUnderTest<string>(s.Lower, s.Upper), new IntervalJoinModel<string>(s.Lower, s.Upper), k => "key" + k), iter: 200);

    /// <summary>Many keys and long streams: nodes are freed and reused, keys come and go.</summary>
    [Fact]
    public void Interval_join_over_many_keys_matches_a_join_that_never_forgets() =>
        Gen.Select(Gen.Long[-25, 25], Gen.Long[0, 30], Gen.Long[-300, 300], Steps(60, 3).Array[500, 1500],
            (lower, width, origin, steps) => new IntervalScenario(lower, lower + width, origin, steps))
        .Sample(s =>
            Compare(s.Origin, s.Steps, new IntervalJoinUnderTest<string>(s.Lower, s.Upper), new IntervalJoinModel<string>(s.Lower, s.Upper), k => "key" + k), iter: 25);

    private static void Compare<TKey, TOut>(long origin, Step[] steps, IJoinModel<TKey, TOut> actual, IJoinModel<TKey, TOut> expected, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        var actualOutput = new List<Keyed<TKey, TOut>>();
        var expectedOutput = new List<Keyed<TKey, TOut>>();
        long clock = origin;
        for (int i = 0; i < steps.Length; i++)
        {
            Step step = steps[i];
            clock += step.Advance;
            long time = clock - step.Back;
            if (step.Kind == StepKind.Watermark)
            {
                expected.AdvanceWatermark(time, expectedOutput);
                actual.AdvanceWatermark(time, actualOutput);
                Assert.Equal(expected.CurrentWatermark, actual.CurrentWatermark);
            }
            else
            {
                TKey key = keyOf(step.Key);
                JoinInput<Click, View> value = step.Kind == StepKind.Left
                    ? JoinInput<Click, View>.FromLeft(new Click(i, time))
                    : JoinInput<Click, View>.FromRight(View.Of(i));
                bool accepted = expected.Add(key, time, value, expectedOutput);
                Assert.True(accepted == actual.Add(key, time, value, actualOutput), $"step {i}: Add should return {accepted}");
            }
            Assert.True(expected.State == actual.State, $"step {i}: expected {expected.State}, held {actual.State}");
            if (expectedOutput.Count != actualOutput.Count)
            {
                Assert.Equal(expectedOutput.Flat(), actualOutput.Flat()); // shows the difference
            }
        }

        expected.AdvanceWatermark(long.MaxValue, expectedOutput);
        actual.AdvanceWatermark(long.MaxValue, actualOutput);
        Assert.Equal(expectedOutput.Flat(), actualOutput.Flat());
        Assert.Equal(expected.State, actual.State);
        Assert.False(actual.Add(keyOf(0), clock, JoinInput<Click, View>.FromLeft(new Click(-1, 0)), actualOutput)); // after the final watermark everything is late
    }
}
