namespace CompiledFlow.Tests.Joins;

/// <summary>The rules of the interval join, one case at a time.</summary>
public sealed class IntervalJoinTests
{
    private static JoinInput<Click, View> L(int id) => JoinInput<Click, View>.FromLeft(new Click(id, 0));

    private static JoinInput<Click, View> R(int id) => JoinInput<Click, View>.FromRight(View.Of(id));

    private sealed class Harness(long lower, long upper)
    {
        public IntervalJoinOperator<int, Click, View, IdPair, PairJoin> Operator { get; } = new(lower, upper);

        public List<Keyed<int, IdPair>> Output { get; } = [];

        public bool Add(int key, long timestamp, JoinInput<Click, View> value)
        {
            var collector = new ListOf<int, IdPair>(Output);
            return Operator.Add(key, timestamp, value, ref collector);
        }

        public void Watermark(long watermark)
        {
            var collector = new ListOf<int, IdPair>(Output);
            Operator.AdvanceWatermark(watermark, ref collector);
        }

        public List<(int Key, long Timestamp, IdPair Value)> Take()
        {
            List<(int, long, IdPair)> taken = Output.Flat();
            Output.Clear();
            return taken;
        }
    }

    [Fact]
    public void Both_bounds_are_inclusive_whichever_side_comes_first()
    {
        // right.time - left.time in [-2, 3]: for a left at 10, rights at 8 .. 13.
        var join = new Harness(-2, 3);
        join.Add(1, 7, R(1));
        join.Add(1, 8, R(2));
        join.Add(1, 13, R(3));
        join.Add(1, 14, R(4));
        join.Add(1, 10, L(5));
        Assert.Equal([(1, 10L, new IdPair(5, 2)), (1, 13L, new IdPair(5, 3))], join.Take());

        var reversed = new Harness(-2, 3);
        reversed.Add(1, 10, L(5));
        reversed.Add(1, 7, R(1));
        reversed.Add(1, 8, R(2));
        reversed.Add(1, 13, R(3));
        reversed.Add(1, 14, R(4));
        Assert.Equal([(1, 10L, new IdPair(5, 2)), (1, 13L, new IdPair(5, 3))], reversed.Take());
    }

    [Fact]
    public void A_negative_lower_bound_matches_rights_before_the_left()
    {
        // Only rights 1 to 5 ms before the left.
        var join = new Harness(-5, -1);
        join.Add(1, 100, L(1));
        join.Add(1, 94, R(2));
        join.Add(1, 95, R(3));
        join.Add(1, 99, R(4));
        join.Add(1, 100, R(5));
        Assert.Equal([(1, 100L, new IdPair(1, 3)), (1, 100L, new IdPair(1, 4))], join.Take());
        join.Add(1, 104, L(6));
        Assert.Equal([(1, 104L, new IdPair(6, 4)), (1, 104L, new IdPair(6, 5))], join.Take());
    }

    [Fact]
    public void Pairs_carry_the_later_time_and_come_in_the_arrival_order_of_the_buffered_side()
    {
        var join = new Harness(-10, 10);
        join.Add(1, 20, L(1));
        join.Add(1, 15, L(2));
        join.Add(1, 25, L(3));
        join.Add(2, 20, L(4));               // another key: never joins with key 1
        join.Add(1, 18, R(5));
        Assert.Equal([(1, 20L, new IdPair(1, 5)), (1, 18L, new IdPair(2, 5)), (1, 25L, new IdPair(3, 5))], join.Take());
    }

    [Fact]
    public void A_record_below_the_watermark_is_late_and_one_at_the_watermark_is_not()
    {
        var join = new Harness(0, 5);
        join.Add(1, 10, L(1));
        join.Watermark(12);
        Assert.False(join.Add(1, 11, R(2)));
        Assert.Empty(join.Take());
        Assert.Equal(0, join.Operator.BufferedRight);
        Assert.True(join.Add(1, 12, R(3)));
        Assert.Equal([(1, 12L, new IdPair(1, 3))], join.Take());
    }

    [Fact]
    public void A_left_is_kept_while_the_watermark_is_at_or_before_its_time_plus_the_upper_bound()
    {
        var join = new Harness(0, 5);
        join.Add(1, 10, L(1));
        join.Watermark(15);                  // a right at 15 may still come, and matches
        Assert.Equal(1, join.Operator.BufferedLeft);
        Assert.True(join.Add(1, 15, R(2)));
        Assert.Equal([(1, 15L, new IdPair(1, 2))], join.Take());

        join.Watermark(16);                  // every right still to come is at 16 or later: the left can match none
        Assert.Equal(0, join.Operator.BufferedLeft);
    }

    [Fact]
    public void A_right_is_kept_while_the_watermark_is_at_or_before_its_time_minus_the_lower_bound()
    {
        var join = new Harness(-4, 2);
        join.Add(1, 10, R(1));               // matches lefts in [8, 14]
        join.Watermark(14);
        Assert.Equal(1, join.Operator.BufferedRight);
        Assert.True(join.Add(1, 14, L(2)));
        Assert.Equal([(1, 14L, new IdPair(2, 1))], join.Take());
        join.Watermark(15);
        Assert.Equal(0, join.Operator.BufferedRight);
        Assert.Equal(1, join.Operator.BufferedLeft); // the left at 14 matches rights up to 16
    }

    [Fact]
    public void A_record_that_nothing_later_can_match_is_joined_but_not_buffered()
    {
        var join = new Harness(-5, -1);      // a left matches only earlier rights
        join.Add(1, 18, R(1));
        join.Watermark(20);                  // the right at 18 (kept until 18 + 5) is still useful
        Assert.True(join.Add(1, 20, L(2)));  // 20 - 1 < 20: no right still to come can match it
        Assert.Equal([(1, 20L, new IdPair(2, 1))], join.Take());
        Assert.Equal(0, join.Operator.BufferedLeft);
        Assert.Equal(1, join.Operator.BufferedRight);
    }

    [Fact]
    public void State_goes_back_down_when_the_watermark_passes_and_keys_are_removed()
    {
        var join = new Harness(-10, 10);
        for (int key = 0; key < 1_000; key++)
        {
            join.Add(key, key, L(key));
            join.Add(key, key + 5, R(key));
        }
        Assert.Equal(1_000, join.Take().Count);
        long held = join.Operator.StateBytes;
        long retained = join.Operator.RetainedBytes;
        Assert.Equal(1_000, join.Operator.BufferedKeys);
        Assert.True(held > 2_000 * 16);

        join.Watermark(500);                 // lefts below 490 (keys 0 .. 489) and rights below 490 (keys 0 .. 484) are dropped
        Assert.True(join.Operator.StateBytes < held);
        Assert.Equal(1_000 - 490, join.Operator.BufferedLeft);
        Assert.Equal(1_000 - 485, join.Operator.BufferedRight);
        Assert.Equal(1_000 - 485, join.Operator.BufferedKeys);

        join.Watermark(2_000);
        Assert.Equal(0, join.Operator.StateBytes);
        Assert.Equal(0, join.Operator.BufferedKeys);
        Assert.Equal(retained, join.Operator.RetainedBytes); // the arrays are kept for reuse

        // The freed nodes are reused.
        for (int key = 0; key < 1_000; key++)
        {
            join.Add(key, 3_000 + key, L(key));
            join.Add(key, 3_000 + key, R(key));
        }
        Assert.Equal(1_000, join.Take().Count);
        Assert.Equal(retained, join.Operator.RetainedBytes);
    }

    [Fact]
    public void The_final_watermark_drops_everything_and_later_records_are_late()
    {
        var join = new Harness(0, long.MaxValue / 2);
        join.Add(1, 0, L(1));
        join.Add(2, long.MaxValue / 2, R(2));
        join.Watermark(long.MaxValue);
        Assert.Equal(0, join.Operator.StateBytes);
        Assert.Equal(0, join.Operator.BufferedKeys);
        Assert.False(join.Add(1, long.MaxValue, R(3)));
        Assert.Empty(join.Take());
    }

    [Fact]
    public void Unbounded_bounds_keep_every_record_until_the_final_watermark()
    {
        var join = new Harness(long.MinValue, long.MaxValue);
        join.Add(1, -1_000, L(1));
        join.Add(1, 1_000, R(2));
        join.Watermark(1_000_000_000);
        Assert.Equal(1, join.Operator.BufferedLeft);
        Assert.Equal(1, join.Operator.BufferedRight);
        join.Add(1, 2_000_000_000, L(3));
        join.Add(1, 2_000_000_000, R(4));
        Assert.Equal([(1, 1_000L, new IdPair(1, 2)), (1, 2_000_000_000L, new IdPair(3, 2)), (1, 2_000_000_000L, new IdPair(1, 4)), (1, 2_000_000_000L, new IdPair(3, 4))], join.Take());
        join.Watermark(long.MaxValue);
        Assert.Equal(0, join.Operator.BufferedKeys);
    }

    [Fact]
    public void Nothing_is_emitted_on_a_watermark_and_one_that_does_not_advance_is_ignored()
    {
        var join = new Harness(0, 5);
        join.Add(1, 10, L(1));
        join.Watermark(30);
        join.Watermark(5);
        Assert.Equal(30, join.Operator.CurrentWatermark);
        Assert.Empty(join.Output);
        Assert.False(join.Add(1, 29, L(2)));
    }

    [Fact]
    public void A_lower_bound_above_the_upper_bound_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalJoinOperator<int, Click, View, IdPair, PairJoin>(5, 4));
        _ = new IntervalJoinOperator<int, Click, View, IdPair, PairJoin>(-5, -5);
    }
}
