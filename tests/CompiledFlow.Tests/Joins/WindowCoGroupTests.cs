namespace CompiledFlow.Tests.Joins;

/// <summary>The event-time rules of the window co-group, one case at a time.</summary>
public sealed class WindowCoGroupTests
{
    private static JoinInput<Click, View> L(int id) => JoinInput<Click, View>.FromLeft(new Click(id, 0));

    private static JoinInput<Click, View> R(int id) => JoinInput<Click, View>.FromRight(View.Of(id));

    private sealed class Harness<TOut, TFunction>(long size, long slide, long allowedLateness)
        where TFunction : ICoGroupFunction<int, Click, View, TOut>
    {
        public WindowCoGroupOperator<int, Click, View, TOut, TFunction> Operator { get; } = new(size, slide, allowedLateness);

        public List<Keyed<int, TOut>> Output { get; } = [];

        public bool Add(int key, long timestamp, JoinInput<Click, View> value)
        {
            var collector = new ListOf<int, TOut>(Output);
            return Operator.Add(key, timestamp, value, ref collector);
        }

        public void Watermark(long watermark)
        {
            var collector = new ListOf<int, TOut>(Output);
            Operator.AdvanceWatermark(watermark, ref collector);
        }

        /// <summary>The results since the last call, as (key, timestamp, value).</summary>
        public List<(int Key, long Timestamp, TOut Value)> Take()
        {
            List<(int, long, TOut)> taken = Output.Flat();
            Output.Clear();
            return taken;
        }
    }

    [Fact]
    public void An_inner_join_emits_each_pair_of_a_key_in_a_window_at_the_window_end()
    {
        var join = new Harness<IdPair, PairsCoGroup>(10, 10, 0);
        Assert.True(join.Add(1, 1, L(1)));
        Assert.True(join.Add(1, 3, L(2)));
        Assert.True(join.Add(2, 2, R(3)));   // key 2 has no left: no pair
        Assert.True(join.Add(1, 9, R(4)));
        Assert.True(join.Add(1, 10, R(5)));  // the next window: no left there
        Assert.True(join.Add(1, 5, R(6)));
        join.Watermark(8);
        Assert.Empty(join.Output);           // 9 = End - 1 is not reached yet

        join.Watermark(9);
        Assert.Equal([(1, 9L, new IdPair(1, 4)), (1, 9L, new IdPair(1, 6)), (1, 9L, new IdPair(2, 4)), (1, 9L, new IdPair(2, 6))], join.Take());
        join.Watermark(long.MaxValue);
        Assert.Empty(join.Take());
    }

    [Fact]
    public void A_distinct_co_group_emits_once_per_key_and_window_when_both_sides_are_present()
    {
        var join = new Harness<BothSides, DistinctCoGroup>(10, 10, 0);
        join.Add(7, 0, L(1));
        join.Add(7, 1, L(2));
        join.Add(7, 2, R(3));
        join.Add(7, 3, R(4));
        join.Add(7, 4, R(5));
        join.Add(8, 5, L(6));                // left only
        join.Add(9, 6, R(7));                // right only
        join.Add(8, 15, L(8));
        join.Add(8, 12, R(9));
        join.Watermark(long.MaxValue);
        Assert.Equal([(7, 9L, new BothSides(2, 3)), (8, 19L, new BothSides(1, 1))], join.Take());
    }

    [Fact]
    public void The_function_sees_every_record_of_the_key_in_the_window_in_arrival_order_even_a_one_sided_window()
    {
        var join = new Harness<Seen, TraceCoGroup<int>>(10, 10, 0);
        join.Add(1, 5, R(1));
        join.Add(1, 2, L(2));
        join.Add(1, 8, R(3));
        join.Add(1, 0, L(4));
        join.Add(2, 4, R(5));
        join.Watermark(9);
        Assert.Equal(
        [
            (1, 9L, new Seen(0, 10, true, 0, 2, 2, 2)),
            (1, 9L, new Seen(0, 10, true, 1, 4, 2, 2)),
            (1, 9L, new Seen(0, 10, false, 0, 1, 2, 2)),
            (1, 9L, new Seen(0, 10, false, 1, 3, 2, 2)),
            (2, 9L, new Seen(0, 10, false, 0, 5, 0, 1)),
        ], join.Take());
    }

    [Fact]
    public void Windows_fire_by_end_then_by_the_order_keys_first_entered_the_window_never_by_hash()
    {
        var join = new Harness<BothSides, DistinctCoGroup>(10, 5, 0);
        foreach (int key in new[] { 30, 10, 20 })
        {
            join.Add(key, 7, L(key));
        }
        foreach (int key in new[] { 20, 10, 30 })
        {
            join.Add(key, 7, R(key));        // the right side's order does not matter: the keys were seen already
        }
        join.Add(40, 3, L(40));              // windows [-5, 5) and [0, 10), where key 40 comes after the others
        join.Add(40, 3, R(41));
        join.Watermark(long.MaxValue);
        // Windows containing 7: [0, 10) and [5, 15); containing 3: [-5, 5) and [0, 10).
        Assert.Equal(
        [
            (40, 4L, new BothSides(1, 1)),
            (30, 9L, new BothSides(1, 1)), (10, 9L, new BothSides(1, 1)), (20, 9L, new BothSides(1, 1)), (40, 9L, new BothSides(1, 1)),
            (30, 14L, new BothSides(1, 1)), (10, 14L, new BothSides(1, 1)), (20, 14L, new BothSides(1, 1)),
        ], join.Take());
    }

    [Fact]
    public void A_record_goes_into_every_sliding_window_that_contains_it()
    {
        var join = new Harness<Seen, TraceCoGroup<int>>(10, 4, 0);
        join.Add(1, 9, L(1));                // windows [0, 10), [4, 14), [8, 18)
        join.Add(1, -1, R(2));               // windows [-8, 2), [-4, 6)
        Assert.Equal(5, join.Operator.OpenTimeWindows);
        Assert.Equal(5, join.Operator.BufferedRecords);
        join.Watermark(long.MaxValue);
        Assert.Equal(
            [(-8L, 2L), (-4L, 6L), (0L, 10L), (4L, 14L), (8L, 18L)],
            join.Take().Select(r => (r.Value.Start, r.Value.End)));
    }

    [Fact]
    public void A_record_within_the_allowed_lateness_fires_its_window_again_at_once_with_all_its_records()
    {
        var join = new Harness<IdPair, PairsCoGroup>(10, 10, 5);
        join.Add(1, 1, L(1));
        join.Add(1, 2, R(2));
        join.Add(2, 3, L(3));
        join.Watermark(9);
        Assert.Equal([(1, 9L, new IdPair(1, 2))], join.Take());

        Assert.True(join.Add(1, 4, R(4)));   // late, but 9 + 5 > 9: the window fires again for key 1 only
        Assert.Equal([(1, 9L, new IdPair(1, 2)), (1, 9L, new IdPair(1, 4))], join.Take());
        Assert.True(join.Add(2, 5, R(5)));
        Assert.Equal([(2, 9L, new IdPair(3, 5))], join.Take());

        join.Watermark(13);
        Assert.True(join.Add(1, 0, L(6)));
        Assert.Equal([(1, 9L, new IdPair(1, 2)), (1, 9L, new IdPair(1, 4)), (1, 9L, new IdPair(6, 2)), (1, 9L, new IdPair(6, 4))], join.Take());

        join.Watermark(14);                  // 9 + 5: the window is purged, its records are late from now on
        Assert.Equal(0, join.Operator.OpenWindows);
        Assert.False(join.Add(1, 9, R(7)));
        Assert.Empty(join.Take());
        Assert.True(join.Add(1, 10, R(8)));  // the next window is open (and not yet fired)
        Assert.Empty(join.Take());
    }

    [Fact]
    public void Without_allowed_lateness_a_record_for_a_fired_window_is_late_and_changes_nothing()
    {
        var join = new Harness<IdPair, PairsCoGroup>(10, 10, 0);
        join.Add(1, 1, L(1));
        join.Add(1, 12, L(2));
        join.Watermark(9);
        Assert.Empty(join.Take());
        long records = join.Operator.BufferedRecords;
        Assert.False(join.Add(1, 9, R(3)));
        Assert.Equal(records, join.Operator.BufferedRecords);
        Assert.True(join.Add(1, 10, R(4)));
        join.Watermark(19);
        Assert.Equal([(1, 19L, new IdPair(2, 4))], join.Take());
    }

    [Fact]
    public void In_sliding_windows_a_record_late_for_some_windows_goes_into_the_others()
    {
        var join = new Harness<Seen, TraceCoGroup<int>>(10, 5, 0);
        join.Watermark(9);                   // [0, 10) is past cleanup; [5, 15) is open
        Assert.True(join.Add(1, 7, L(1)));
        Assert.Equal(1, join.Operator.OpenTimeWindows);
        join.Watermark(long.MaxValue);
        Assert.Equal([(1, 14L, new Seen(5, 15, true, 0, 1, 1, 0))], join.Take());
    }

    [Fact]
    public void State_goes_back_down_when_the_watermark_passes_the_windows()
    {
        var join = new Harness<IdPair, PairsCoGroup>(10, 10, 5);
        for (int key = 0; key < 1_000; key++)
        {
            join.Add(key, key % 10, L(key));
            join.Add(key, key % 10 + 10, R(key));
        }
        long held = join.Operator.StateBytes;
        Assert.True(held > 1_000 * 8);
        Assert.Equal(2_000, join.Operator.OpenWindows);

        join.Watermark(13);                  // [0, 10) fired, kept for its lateness
        Assert.Equal(held, join.Operator.StateBytes);
        join.Watermark(14);                  // [0, 10) purged
        Assert.True(join.Operator.StateBytes < held);
        Assert.Equal(1_000, join.Operator.OpenWindows);
        join.Watermark(24);
        Assert.Equal(0, join.Operator.StateBytes);
        Assert.Equal(0, join.Operator.OpenWindows);
        Assert.Equal(0, join.Operator.BufferedRecords);
        Assert.True(join.Operator.PooledBytes > 0); // the panes wait for the next windows
    }

    [Fact]
    public void The_final_watermark_fires_and_purges_everything()
    {
        var join = new Harness<Seen, TraceCoGroup<int>>(10, 5, 1_000);
        long[] times = [-1_000_000, -5, 0, 17, 1_000_000_000_000];
        for (int i = 0; i < times.Length; i++)
        {
            join.Add(i, times[i], i % 2 == 0 ? L(i) : R(i));
        }
        join.Watermark(long.MaxValue);
        Assert.Equal(times.Length * 2, join.Output.Count); // size 10 / slide 5: two windows per record, one record each
        Assert.Equal(0, join.Operator.OpenWindows);
        Assert.Equal(0, join.Operator.StateBytes);
        Assert.Equal(long.MaxValue, join.Operator.CurrentWatermark);
        Assert.False(join.Add(0, long.MaxValue - 100, L(9)));
        Assert.False(join.Add(0, 0, R(9)));
    }

    [Fact]
    public void A_watermark_that_does_not_advance_is_ignored()
    {
        var join = new Harness<IdPair, PairsCoGroup>(10, 10, 0);
        join.Watermark(20);
        join.Watermark(5);
        Assert.Equal(20, join.Operator.CurrentWatermark);
        Assert.True(join.Add(1, 20, L(1)));
        Assert.False(join.Add(1, 19, L(2)));
    }

    [Fact]
    public void Dispose_returns_the_scratch_arrays_and_the_operator_still_works()
    {
        var join = new Harness<IdPair, PairsCoGroup>(10, 10, 0);
        join.Add(1, 1, L(1));
        join.Add(1, 2, R(2));
        join.Watermark(9);
        Assert.True(join.Operator.PooledBytes > 0);
        join.Operator.Dispose();
        join.Add(1, 11, L(3));
        join.Add(1, 12, R(4));
        join.Watermark(long.MaxValue);
        Assert.Equal([(1, 9L, new IdPair(1, 2)), (1, 19L, new IdPair(3, 4))], join.Take());
    }

    [Fact]
    public void Invalid_window_parameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowCoGroupOperator<int, Click, View, IdPair, PairsCoGroup>(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowCoGroupOperator<int, Click, View, IdPair, PairsCoGroup>(10, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowCoGroupOperator<int, Click, View, IdPair, PairsCoGroup>(10, 11, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowCoGroupOperator<int, Click, View, IdPair, PairsCoGroup>(10, 10, -1));
    }

    [Fact]
    public void Join_inputs_carry_their_side()
    {
        JoinInput<Click, View> left = JoinInput<Click, View>.FromLeft(new Click(1, 2));
        JoinInput<Click, View> right = JoinInput<Click, View>.FromRight(View.Of(3));
        Assert.True(left.IsLeft);
        Assert.Equal(new Click(1, 2), left.Left);
        Assert.Equal(default, left.Right);
        Assert.False(right.IsLeft);
        Assert.Equal(View.Of(3), right.Right);
        Assert.Equal(default, right.Left);
    }
}
