namespace CompiledFlow.Tests.Windows;

/// <summary>
/// The session operator's two halves of a local-global session aggregation:
/// <see cref="SessionWindows{TKey, TIn, TAcc, TAggregator, TMerger}.AddSession"/> merges sessions by
/// their own windows, and <see cref="SessionWindows{TKey, TIn, TAcc, TAggregator, TMerger}.WatermarkToForward"/>
/// holds back the watermark of the operator whose sessions are merged.
/// </summary>
public sealed class SessionsOfSessionsTests
{
    private const long Gap = 1_000;

    [Fact]
    public void Sessions_that_overlap_or_touch_merge_by_their_own_windows()
    {
        var merging = new SessionWindows<int, long, TestAcc, TestAggregator, TestMerger>(0, 0);
        var output = new ListCollector<WindowResult<int, TestAcc>>(4);

        Assert.True(merging.AddSession(1, 0, 5_000, 10, ref output));
        Assert.True(merging.AddSession(1, 5_000, 6_000, 20, ref output)); // touches: merges
        Assert.True(merging.AddSession(1, 6_001, 7_000, 30, ref output)); // a millisecond apart: another session
        Assert.True(merging.AddSession(2, 100, 200, 40, ref output));
        Assert.True(merging.AddSession(1, 2_000, 6_500, 50, ref output)); // bridges both of key 1
        merging.AdvanceWatermark(long.MaxValue, ref output);

        Assert.Equal(
            [(1, 0L, 7_000L, 4L, 110L), (2, 100L, 200L, 1L, 40L)],
            output.Items.Select(r => (r.Key, r.Start, r.End, r.Value.Count, r.Value.Sum)).Order());
    }

    [Fact]
    public void A_session_that_ends_before_it_starts_is_refused_and_a_late_one_is_not_added()
    {
        var merging = new SessionWindows<int, long, TestAcc, TestAggregator, TestMerger>(0, 0);
        var output = new ListCollector<WindowResult<int, TestAcc>>(4);

        Assert.Throws<ArgumentOutOfRangeException>(() => merging.AddSession(1, 5_000, 5_000, 1, ref output));
        merging.AdvanceWatermark(10_000, ref output);
        Assert.False(merging.AddSession(1, 0, 10_001, 1, ref output)); // its cleanup time 10,000 has passed
        Assert.True(merging.AddSession(1, 0, 10_002, 1, ref output));
        Assert.Equal(1, merging.OpenWindows);
        Assert.Empty(output.Items);
    }

    [Fact]
    public void Without_holding_back_the_watermark_is_forwarded_as_it_is()
    {
        var sessions = new SessionWindows<int, long, TestAcc, TestAggregator, TestMerger>(Gap, 0);
        var output = new ListCollector<WindowResult<int, TestAcc>>(4);
        sessions.Add(1, 100, 1, ref output);
        sessions.AdvanceWatermark(5_000, ref output);
        Assert.Equal(5_000, sessions.WatermarkToForward());
    }

    [Fact]
    public void The_held_back_watermark_stays_two_before_the_earliest_session_still_to_come()
    {
        var sessions = new SessionWindows<int, long, TestAcc, TestAggregator, TestMerger>(Gap, 0, holdBackWatermark: true);
        var output = new ListCollector<WindowResult<int, TestAcc>>(4);
        Assert.Equal(long.MinValue, sessions.WatermarkToForward());

        // No session open: a record that is not late ends after the watermark, so it starts at watermark - gap + 2 or later.
        sessions.AdvanceWatermark(10_000, ref output);
        Assert.Equal(10_000 - Gap, sessions.WatermarkToForward());

        // An open session from 10,500: a record up to a gap before it may extend it backwards.
        sessions.Add(1, 10_500, 1, ref output);
        sessions.Add(1, 30_000, 1, ref output);
        sessions.AdvanceWatermark(11_000, ref output);
        Assert.Equal(10_500 - Gap - 2, sessions.WatermarkToForward());

        // Extended backwards by a record within a gap before it, to no earlier than was allowed for.
        sessions.Add(1, 9_900, 1, ref output);
        sessions.AdvanceWatermark(11_001, ref output);
        Assert.Equal(10_500 - Gap - 2, sessions.WatermarkToForward());

        // The session [9,900, 11,500) fired; the one from 30,000 is the earliest left, after the earliest record still to come.
        sessions.AdvanceWatermark(25_000, ref output);
        Assert.Equal([(9_900L, 11_500L)], output.Items.Select(r => (r.Start, r.End)));
        Assert.Equal(25_000 - Gap, sessions.WatermarkToForward());

        sessions.AdvanceWatermark(long.MaxValue, ref output);
        Assert.Equal(long.MaxValue, sessions.WatermarkToForward());
    }

    [Fact]
    public void The_held_back_watermark_never_moves_back()
    {
        var sessions = new SessionWindows<int, long, TestAcc, TestAggregator, TestMerger>(Gap, 0, holdBackWatermark: true);
        var output = new ListCollector<WindowResult<int, TestAcc>>(4);
        sessions.AdvanceWatermark(50_000, ref output);
        long forwarded = sessions.WatermarkToForward();

        sessions.Add(1, 49_500, 1, ref output); // not late, and starts before what was forwarded plus the gap
        sessions.AdvanceWatermark(50_001, ref output);
        Assert.True(sessions.WatermarkToForward() >= forwarded);
        Assert.True(sessions.WatermarkToForward() <= 49_500 - 2);
    }
}
