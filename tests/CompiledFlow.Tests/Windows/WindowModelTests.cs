using CsCheck;

namespace CompiledFlow.Tests.Windows;

/// <summary>
/// Property tests: on random keyed streams with out-of-order timestamps (negative ones too),
/// random watermarks (some going backwards, some jumping far) and allowed lateness 0 or more,
/// each window operator emits exactly the sequence its reference model emits, returns the same
/// verdict on every record, and holds the same number of open windows after every step.
/// </summary>
public sealed class WindowModelTests
{
    /// <summary>One step of a stream: the clock moves by <see cref="Step"/>; then a record at clock - <see cref="Back"/>, or a watermark there.</summary>
    public readonly record struct Step(bool IsWatermark, int Key, long Advance, long Back, long Value);

    public sealed record Scenario(long Size, long Slide, long Lateness, long Origin, Step[] Steps)
    {
        public override string ToString() =>
            $"size={Size} slide={Slide} lateness={Lateness} origin={Origin} steps=[{string.Join(", ", Steps.Select(s => s.IsWatermark ? $"+{s.Advance} W-{s.Back}" : $"+{s.Advance} k{s.Key}@-{s.Back}={s.Value}"))}]";
    }

    private static readonly Gen<long> GenAdvance = Gen.Frequency((12, Gen.Long[0, 4]), (1, Gen.Long[5, 120]));

    private static readonly Gen<Step> GenStep = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 4], GenAdvance, Gen.Long[0, 30], Gen.Long[-5, 100],
        (roll, key, advance, back, value) => new Step(roll >= 8, key, advance, back, value));

    private static readonly Gen<long> GenLateness = Gen.Frequency((1, Gen.Const(0L)), (1, Gen.Long[1, 40]));

    private static readonly Gen<Scenario> GenScenario =
        Gen.Long[1, 20].SelectMany(size => Gen.Select(Gen.Long[1, size], GenLateness, Gen.Long[-300, 300], GenStep.Array[0, 200],
            (slide, lateness, origin, steps) => new Scenario(size, slide, lateness, origin, steps)));

    [Fact]
    public void Tumbling_windows_match_the_model() =>
        GenScenario.Sample(s => Compare(s, new TumblingUnderTest<int>(s.Size, s.Lateness), new AlignedWindowsModel<int>(s.Size, s.Size, s.Lateness), k => k), iter: 400);

    [Fact]
    public void Sliding_windows_match_the_model() =>
        GenScenario.Sample(s => Compare(s, new SlidingUnderTest<int>(s.Size, s.Slide, s.Lateness), new AlignedWindowsModel<int>(s.Size, s.Slide, s.Lateness), k => k), iter: 400);

    [Fact]
    public void Session_windows_match_the_model() =>
        GenScenario.Sample(s => Compare(s, new SessionsUnderTest<int>(s.Size, s.Lateness), new SessionWindowsModel<int>(s.Size, s.Lateness), k => k), iter: 400);

    [Fact]
    public void Windows_with_string_keys_match_the_model() =>
        GenScenario.Sample(s =>
        {
            Compare(s, new TumblingUnderTest<string>(s.Size, s.Lateness), new AlignedWindowsModel<string>(s.Size, s.Size, s.Lateness), k => "key" + k);
            Compare(s, new SlidingUnderTest<string>(s.Size, s.Slide, s.Lateness), new AlignedWindowsModel<string>(s.Size, s.Slide, s.Lateness), k => "key" + k);
            Compare(s, new SessionsUnderTest<string>(s.Size, s.Lateness), new SessionWindowsModel<string>(s.Size, s.Lateness), k => "key" + k);
        }, iter: 150);

    /// <summary>Many keys and long streams: tables grow, session nodes and pooled tables are reused.</summary>
    [Fact]
    public void Windows_over_many_keys_match_the_model()
    {
        Gen<Step> manyKeys = Gen.Select(Gen.Int[0, 99], Gen.Int[0, 60], GenAdvance, Gen.Long[0, 30], Gen.Long[-5, 100],
            (roll, key, advance, back, value) => new Step(roll >= 97, key, advance, back, value));
        Gen<Scenario> scenarios = Gen.Long[1, 20].SelectMany(size => Gen.Select(Gen.Long[1, size], GenLateness, Gen.Long[-300, 300], manyKeys.Array[500, 1500],
            (slide, lateness, origin, steps) => new Scenario(size, slide, lateness, origin, steps)));
        scenarios.Sample(s =>
        {
            Compare(s, new TumblingUnderTest<int>(s.Size, s.Lateness), new AlignedWindowsModel<int>(s.Size, s.Size, s.Lateness), k => k);
            Compare(s, new SlidingUnderTest<int>(s.Size, s.Slide, s.Lateness), new AlignedWindowsModel<int>(s.Size, s.Slide, s.Lateness), k => k);
            Compare(s, new SessionsUnderTest<int>(s.Size, s.Lateness), new SessionWindowsModel<int>(s.Size, s.Lateness), k => k);
        }, iter: 25);
    }

    private static void Compare<TKey>(Scenario scenario, IWindowModel<TKey> actual, IWindowModel<TKey> expected, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        var actualOutput = new List<WindowResult<TKey, TestAcc>>();
        var expectedOutput = new List<WindowResult<TKey, TestAcc>>();
        long clock = scenario.Origin;
        for (int i = 0; i < scenario.Steps.Length; i++)
        {
            Step step = scenario.Steps[i];
            clock += step.Advance;
            long time = clock - step.Back;
            if (step.IsWatermark)
            {
                expected.AdvanceWatermark(time, expectedOutput);
                actual.AdvanceWatermark(time, actualOutput);
                Assert.Equal(expected.CurrentWatermark, actual.CurrentWatermark);
            }
            else
            {
                TKey key = keyOf(step.Key);
                bool accepted = expected.Add(key, time, step.Value, expectedOutput);
                Assert.True(accepted == actual.Add(key, time, step.Value, actualOutput), $"step {i}: Add should return {accepted}");
            }
            Assert.True(expected.OpenWindows == actual.OpenWindows, $"step {i}: {expected.OpenWindows} open windows expected, {actual.OpenWindows} held");
            if (expectedOutput.Count != actualOutput.Count)
            {
                Assert.Equal(expectedOutput, actualOutput); // shows the difference
            }
        }

        expected.AdvanceWatermark(long.MaxValue, expectedOutput);
        actual.AdvanceWatermark(long.MaxValue, actualOutput);
        Assert.Equal(expectedOutput, actualOutput);
        Assert.Equal(0, actual.OpenWindows);
        Assert.False(actual.Add(keyOf(0), clock, 1, actualOutput)); // after the final watermark everything is late
    }
}
