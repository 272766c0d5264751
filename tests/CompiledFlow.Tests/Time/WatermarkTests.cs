namespace CompiledFlow.Tests.Time;

public sealed class WatermarkTests
{
    [Fact]
    public void The_tracker_trails_the_newest_timestamp_by_the_bound_plus_one()
    {
        var tracker = new WatermarkTracker(maxOutOfOrdernessMs: 2_000);
        Assert.Equal(long.MinValue, tracker.Watermark);

        tracker.Observe(10_000);
        tracker.Observe(9_000); // out of order: does not move the watermark back
        Assert.Equal(7_999, tracker.Watermark);

        tracker.Observe(12_500);
        Assert.Equal(10_499, tracker.Watermark);
    }

    [Fact]
    public void The_merged_watermark_is_the_minimum_over_the_inputs()
    {
        var merger = new WatermarkMerger(inputs: 2);
        Assert.False(merger.Update(0, 100)); // input 1 has not said anything yet
        Assert.Equal(long.MinValue, merger.Current);

        Assert.True(merger.Update(1, 50));
        Assert.Equal(50, merger.Current);
        Assert.True(merger.Update(1, 300));
        Assert.Equal(100, merger.Current);
        Assert.False(merger.Update(0, 90)); // a watermark never goes back
        Assert.Equal(100, merger.Current);
    }

    [Fact]
    public void An_idle_input_does_not_hold_the_others_back_until_it_speaks_again()
    {
        var merger = new WatermarkMerger(inputs: 2);
        merger.Update(0, 1_000);
        merger.Update(1, 10);
        Assert.Equal(10, merger.Current);

        Assert.True(merger.MarkIdle(1));
        Assert.Equal(1_000, merger.Current);

        // Back from idleness with an older watermark: the merged watermark stays where it was.
        Assert.False(merger.Update(1, 500));
        Assert.Equal(1_000, merger.Current);
        Assert.False(merger.Update(0, 2_000)); // input 1 (at 500) counts again
        Assert.True(merger.Update(1, 1_500));
        Assert.Equal(1_500, merger.Current);
    }

    [Fact]
    public void Every_input_ending_makes_the_final_watermark_even_after_a_final_watermark_was_sent()
    {
        // A keyed subtask sends long.MaxValue before its end; the merger must still count the end.
        var merger = new WatermarkMerger(inputs: 2);
        merger.Update(0, long.MaxValue);
        merger.End(0);
        Assert.False(merger.AllEnded);
        Assert.True(merger.End(1));
        Assert.True(merger.AllEnded);
        Assert.Equal(long.MaxValue, merger.Current);
    }
}
