namespace CompiledFlow.Tests.Windows;

/// <summary>The event-time rules of the window operators, one case at a time.</summary>
public sealed class WindowSemanticsTests
{
    private static WindowResult<string, TestAcc> Result(string key, long start, long end, params long[] values) =>
        new(key, start, end, values.Aggregate(default(TestAcc), TestAcc.Fold));

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(9, 10, 0)]
    [InlineData(10, 10, 10)]
    [InlineData(-1, 10, -10)]
    [InlineData(-10, 10, -10)]
    [InlineData(-11, 10, -20)]
    [InlineData(-7, 3, -9)]
    [InlineData(-1_000_000_000_005, 1_000, -1_000_000_001_000)]
    public void Window_starts_are_aligned_to_the_epoch(long timestamp, long size, long start) =>
        Assert.Equal(start, WindowTime.AlignedStart(timestamp, size));

    [Fact]
    public void Cleanup_time_saturates_instead_of_overflowing()
    {
        Assert.Equal(9, WindowTime.CleanupTime(10, 0));
        Assert.Equal(14, WindowTime.CleanupTime(10, 5));
        Assert.Equal(long.MaxValue, WindowTime.CleanupTime(long.MaxValue - 3, 100));
    }

    [Fact]
    public void Tumbling_windows_are_aligned_to_the_epoch_for_negative_timestamps()
    {
        var windows = new TumblingUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        foreach (long ts in new long[] { -1, -10, -11, 0, 9, -20 })
        {
            Assert.True(windows.Add("a", ts, ts, output));
        }
        Assert.Empty(output);
        windows.AdvanceWatermark(long.MaxValue, output);
        Assert.Equal([Result("a", -20, -10, -11, -20), Result("a", -10, 0, -1, -10), Result("a", 0, 10, 0, 9)], output);
    }

    [Fact]
    public void Sliding_windows_are_aligned_to_the_epoch_for_negative_timestamps()
    {
        var windows = new SlidingUnderTest<string>(10, 5, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        Assert.True(windows.Add("a", -3, 1, output));
        Assert.True(windows.Add("a", -5, 2, output));
        Assert.True(windows.Add("a", -6, 3, output));
        Assert.Equal(3, windows.Operator.OpenTimeWindows);
        windows.AdvanceWatermark(long.MaxValue, output);
        Assert.Equal([Result("a", -15, -5, 3), Result("a", -10, 0, 1, 2, 3), Result("a", -5, 5, 1, 2)], output);
    }

    [Fact]
    public void Sliding_windows_with_a_slide_that_does_not_divide_the_size()
    {
        var windows = new SlidingUnderTest<string>(10, 4, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.Add("a", 9, 1, output); // in [0,10), [4,14), [8,18)
        windows.Add("a", 3, 2, output); // in [-4,6), [0,10)
        windows.AdvanceWatermark(long.MaxValue, output);
        Assert.Equal([Result("a", -4, 6, 2), Result("a", 0, 10, 1, 2), Result("a", 4, 14, 1), Result("a", 8, 18, 1)], output);
    }

    [Fact]
    public void The_window_end_is_exclusive()
    {
        var windows = new TumblingUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.Add("a", 9, 1, output);
        windows.Add("a", 10, 2, output); // the next window
        windows.AdvanceWatermark(8, output);
        Assert.Empty(output);
        windows.AdvanceWatermark(9, output); // = End - 1 of [0, 10)
        Assert.Equal([Result("a", 0, 10, 1)], output);
        windows.AdvanceWatermark(19, output);
        Assert.Equal([Result("a", 0, 10, 1), Result("a", 10, 20, 2)], output);
    }

    [Fact]
    public void A_window_fires_in_key_insertion_order_and_windows_in_order_of_end()
    {
        var windows = new TumblingUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.Add("c", 15, 1, output);
        windows.Add("b", 5, 2, output);
        windows.Add("a", 6, 3, output);
        windows.Add("c", 7, 4, output);
        windows.Add("a", 16, 5, output);
        windows.AdvanceWatermark(100, output);
        Assert.Equal([Result("b", 0, 10, 2), Result("a", 0, 10, 3), Result("c", 0, 10, 4), Result("c", 10, 20, 1), Result("a", 10, 20, 5)], output);
    }

    [Fact]
    public void A_watermark_that_does_not_increase_is_ignored()
    {
        var windows = new SessionsUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.Add("a", 0, 1, output);
        windows.AdvanceWatermark(5, output);
        windows.AdvanceWatermark(3, output);
        windows.AdvanceWatermark(5, output);
        Assert.Equal(5, windows.CurrentWatermark);
        Assert.Empty(output);
        Assert.True(windows.Add("a", 2, 2, output)); // still open: the watermark did not go back
    }

    [Theory]
    [InlineData("tumbling")]
    [InlineData("sliding")]
    [InlineData("session")]
    public void A_record_later_than_the_allowed_lateness_is_rejected_and_changes_nothing(string kind)
    {
        IWindowModel<string> windows = Create(kind, 10, 5);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.Add("a", 12, 1, output);
        windows.Add("a", 40, 1, output);
        windows.AdvanceWatermark(30, output); // every window around 3 is past its cleanup time (end - 1 + 5)
        Assert.True(windows.OpenWindows > 0);
        int open = windows.OpenWindows;
        int emitted = output.Count;

        Assert.False(windows.Add("a", 3, 2, output));
        Assert.False(windows.Add("b", 0, 2, output));
        Assert.Equal(open, windows.OpenWindows);
        Assert.Equal(emitted, output.Count);
    }

    [Fact]
    public void Without_allowed_lateness_a_record_behind_the_watermark_is_late()
    {
        var windows = new TumblingUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.AdvanceWatermark(9, output);
        Assert.False(windows.Add("a", 9, 1, output));
        Assert.True(windows.Add("a", 10, 1, output));
        Assert.Empty(output);
    }

    [Fact]
    public void A_late_record_within_the_allowed_lateness_fires_the_window_again_with_the_updated_value()
    {
        var windows = new TumblingUnderTest<string>(10, 5);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.Add("a", 1, 10, output);
        windows.AdvanceWatermark(10, output);
        Assert.Equal([Result("a", 0, 10, 10)], output);

        Assert.True(windows.Add("a", 2, 5, output)); // fires again at once
        Assert.True(windows.Add("b", 3, 7, output)); // a key new to the fired window fires at once too
        Assert.Equal([Result("a", 0, 10, 10), Result("a", 0, 10, 10, 5), Result("b", 0, 10, 7)], output);

        windows.AdvanceWatermark(13, output); // nothing fires twice for a watermark
        Assert.Equal(3, output.Count);
        windows.AdvanceWatermark(14, output); // cleanup: purged
        Assert.Equal(0, windows.OpenWindows);
        Assert.False(windows.Add("a", 4, 1, output));
        Assert.Equal(3, output.Count);
    }

    [Fact]
    public void A_late_record_within_the_allowed_lateness_fires_only_the_sliding_windows_that_fired()
    {
        var windows = new SlidingUnderTest<string>(10, 5, 20);
        var output = new List<WindowResult<string, TestAcc>>();
        windows.AdvanceWatermark(12, output);
        Assert.True(windows.Add("a", 7, 1, output)); // [0,10) fired (9 <= 12), [5,15) not yet
        Assert.Equal([Result("a", 0, 10, 1)], output);
        windows.AdvanceWatermark(14, output);
        Assert.Equal([Result("a", 0, 10, 1), Result("a", 5, 15, 1)], output);
    }

    [Fact]
    public void A_late_record_bridges_two_sessions_into_one_that_fires_when_the_watermark_reaches_its_end()
    {
        var sessions = new SessionsUnderTest<string>(10, 100);
        var output = new List<WindowResult<string, TestAcc>>();
        sessions.Add("a", 0, 1, output);  // [0, 10)
        sessions.Add("a", 20, 2, output); // [20, 30)
        sessions.AdvanceWatermark(15, output);
        Assert.Equal([Result("a", 0, 10, 1)], output);
        Assert.Equal(2, sessions.OpenWindows);

        Assert.True(sessions.Add("a", 10, 3, output)); // [10, 20) touches both: three windows merge into [0, 30)
        Assert.Equal(1, sessions.OpenWindows);
        Assert.Single(output);

        sessions.AdvanceWatermark(29, output);
        var merged = TestAcc.Fold(TestAcc.Combine(TestAcc.Fold(default, 1), TestAcc.Fold(default, 2)), 3);
        Assert.Equal([Result("a", 0, 10, 1), new("a", 0, 30, merged)], output);
    }

    [Fact]
    public void A_late_record_merging_fired_sessions_behind_the_watermark_fires_the_merged_session_at_once()
    {
        var sessions = new SessionsUnderTest<string>(10, 100);
        var output = new List<WindowResult<string, TestAcc>>();
        sessions.Add("a", 0, 1, output);
        sessions.Add("a", 20, 2, output);
        sessions.AdvanceWatermark(40, output);
        Assert.Equal([Result("a", 0, 10, 1), Result("a", 20, 30, 2)], output);

        Assert.True(sessions.Add("a", 10, 3, output));
        var merged = TestAcc.Fold(TestAcc.Combine(TestAcc.Fold(default, 1), TestAcc.Fold(default, 2)), 3);
        Assert.Equal(new WindowResult<string, TestAcc>("a", 0, 30, merged), output[^1]);
        Assert.Equal(3, output.Count);

        sessions.AdvanceWatermark(long.MaxValue, output); // it already fired for its end
        Assert.Equal(3, output.Count);
    }

    [Fact]
    public void An_out_of_order_record_merges_open_sessions_before_they_fire()
    {
        var sessions = new SessionsUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        sessions.Add("a", 0, 1, output);
        sessions.Add("a", 25, 2, output);
        sessions.Add("a", 12, 3, output); // [12, 22): touches neither
        Assert.Equal(3, sessions.OpenWindows);
        sessions.Add("a", 8, 4, output);  // [8, 18): bridges [0, 10) and [12, 22)
        Assert.Equal(2, sessions.OpenWindows);
        sessions.Add("a", 20, 5, output); // [20, 30): bridges [0, 22) and [25, 35)
        Assert.Equal(1, sessions.OpenWindows);
        sessions.AdvanceWatermark(long.MaxValue, output);
        Assert.Single(output);
        Assert.Equal(("a", 0L, 35L, 5L, 15L), (output[0].Key, output[0].Start, output[0].End, output[0].Value.Count, output[0].Value.Sum));
    }

    [Fact]
    public void Session_windows_that_touch_merge_as_in_flink()
    {
        var sessions = new SessionsUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        sessions.Add("a", 0, 1, output);
        sessions.Add("a", 10, 2, output); // [10, 20) touches [0, 10)
        sessions.Add("a", 31, 3, output); // [31, 41) does not touch [0, 20)
        sessions.AdvanceWatermark(long.MaxValue, output);
        Assert.Equal([Result("a", 0, 20, 1, 2), Result("a", 31, 41, 3)], output);
    }

    [Fact]
    public void Sessions_ending_together_fire_in_the_order_they_were_opened()
    {
        var sessions = new SessionsUnderTest<string>(10, 0);
        var output = new List<WindowResult<string, TestAcc>>();
        sessions.Add("b", 5, 1, output);
        sessions.Add("a", 0, 2, output);
        sessions.Add("a", 5, 3, output); // a's session [0, 15) ends with b's, opened after it
        sessions.AdvanceWatermark(long.MaxValue, output);
        Assert.Equal([Result("b", 5, 15, 1), Result("a", 0, 15, 2, 3)], output);
    }

    [Theory]
    [InlineData("tumbling")]
    [InlineData("sliding")]
    [InlineData("session")]
    public void The_final_watermark_fires_and_purges_everything(string kind)
    {
        IWindowModel<string> windows = Create(kind, 10, 1_000);
        var output = new List<WindowResult<string, TestAcc>>();
        var keys = new[] { "a", "b", "c" };
        for (int i = 0; i < 300; i++)
        {
            windows.Add(keys[i % 3], i * 7 % 500 - 250, i, output);
        }
        windows.AdvanceWatermark(-100, output);
        int firedBefore = output.Count;
        windows.AdvanceWatermark(long.MaxValue, output);

        Assert.True(output.Count > firedBefore);
        Assert.Equal(0, windows.OpenWindows);
        Assert.Equal(long.MaxValue, windows.CurrentWatermark);
        long expectedRecords = kind == "sliding" ? 300 * 2 : 300; // size 10 / slide 5: two windows per record
        Assert.Equal(expectedRecords, LastResultPerWindow(output).Sum(r => r.Value.Count));
        Assert.False(windows.Add("a", long.MaxValue - 100, 1, output));
        Assert.False(windows.Add("a", 0, 1, output));
    }

    [Fact]
    public void State_is_released_when_windows_are_purged()
    {
        var tumbling = new TumblingUnderTest<long>(10, 0);
        var sessions = new SessionsUnderTest<long>(10, 0);
        var output = new List<WindowResult<long, TestAcc>>();
        for (long key = 0; key < 1_000; key++)
        {
            tumbling.Add(key, key % 10, 1, output);
            sessions.Add(key, key % 10, 1, output);
        }
        Assert.True(tumbling.Operator.StateBytes > 1_000 * 8);
        tumbling.AdvanceWatermark(long.MaxValue, output);
        sessions.AdvanceWatermark(long.MaxValue, output);
        Assert.Equal(2_000, output.Count);
        Assert.Equal(0, tumbling.Operator.StateBytes);
        Assert.True(tumbling.Operator.PooledBytes > 0); // the table waits for the next window
        Assert.Equal(0, sessions.Operator.OpenKeys);
    }

    [Fact]
    public void Invalid_window_parameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows<int, long, TestAcc, TestAggregator>(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows<int, long, TestAcc, TestAggregator>(10, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlidingWindows<int, long, TestAcc, TestAggregator>(10, 11, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlidingWindows<int, long, TestAcc, TestAggregator>(10, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionWindows<int, long, TestAcc, TestAggregator, TestMerger>(0, 0));
    }

    private static IWindowModel<string> Create(string kind, long size, long lateness) => kind switch
    {
        "tumbling" => new TumblingUnderTest<string>(size, lateness),
        "sliding" => new SlidingUnderTest<string>(size, size / 2, lateness),
        _ => new SessionsUnderTest<string>(size, lateness),
    };

    /// <summary>With allowed lateness a (key, window) may fire more than once; the last result is the complete one.</summary>
    private static IEnumerable<WindowResult<string, TestAcc>> LastResultPerWindow(List<WindowResult<string, TestAcc>> output) =>
        output.GroupBy(r => (r.Key, r.Start, r.End)).Select(g => g.Last());
}
