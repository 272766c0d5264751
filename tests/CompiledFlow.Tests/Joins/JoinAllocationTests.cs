namespace CompiledFlow.Tests.Joins;

/// <summary>
/// The join operators allocate nothing per record, per key or per firing once warm: counted on
/// this thread (not timed) over 100,000 records after a first pass has JIT-compiled the code and
/// grown the tables, arenas, scratch arrays and pooled emitter buffers. The loops throw instead of
/// asserting, since an assertion allocates.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class JoinAllocationTests
{
    private const int Records = 100_000;

    /// <summary>A window's records are buffered in arrays a purged window left behind: the second window grows nothing.</summary>
    [Fact]
    public void The_co_group_buffers_records_in_a_reused_window_without_allocating()
    {
        var join = new WindowCoGroupOperator<long, BuyOrder, SellOrder, long, SpreadCoGroup>(1_000_000, 1_000_000, 0);
        var output = new CountOf<long, long>();
        AddToOneWindow(join, ref output, 0);
        join.AdvanceWatermark(999_999, ref output);
        Assert.Equal(0, join.OpenWindows);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AddToOneWindow(join, ref output, 1_000_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000, join.OpenWindows);
        Assert.Equal(Records, join.BufferedRecords);
    }

    [Fact]
    public void A_tumbling_co_group_over_a_steady_stream_does_not_allocate()
    {
        var join = new WindowCoGroupOperator<long, BuyOrder, SellOrder, long, SpreadCoGroup>(200, 200, 0);
        var output = new CountOf<long, long>();
        Stream(join, ref output, 0, watermarkLag: 50);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stream(join, ref output, Records, watermarkLag: 50);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(output.Count > 0);
    }

    /// <summary>The watermark trails the newest record by less than the disorder, so records within the lateness fire their windows again.</summary>
    [Fact]
    public void A_sliding_co_group_with_late_records_does_not_allocate()
    {
        var join = new WindowCoGroupOperator<long, BuyOrder, SellOrder, long, SpreadCoGroup>(200, 50, 50);
        var output = new CountOf<long, long>();
        Stream(join, ref output, 0, watermarkLag: 10);
        Stream(join, ref output, Records, watermarkLag: 10);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stream(join, ref output, 2 * Records, watermarkLag: 10);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(output.Count > 0);
    }

    [Fact]
    public void The_interval_join_over_a_steady_stream_does_not_allocate()
    {
        var join = new IntervalJoinOperator<long, BuyOrder, SellOrder, long, SpreadJoin>(-20, 20);
        var output = new CountOf<long, long>();
        Stream(join, ref output, 0);
        Stream(join, ref output, Records);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stream(join, ref output, 2 * Records);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(output.Count > 0);
        Assert.True(join.BufferedKeys < 1_000); // keys come and go
    }

    private static void AddToOneWindow(WindowCoGroupOperator<long, BuyOrder, SellOrder, long, SpreadCoGroup> join, ref CountOf<long, long> output, long windowStart)
    {
        for (int i = 0; i < Records; i++)
        {
            if (!join.Add(i % 10_000, windowStart + i % 997, Input(i, i % 10_000), ref output))
            {
                throw new InvalidOperationException("late");
            }
        }
    }

    // One record per ms, up to 40 ms out of order; buys and sells alternate by a pattern that is not periodic in the key.
    private static long StreamTime(int i) => i - i * 7_919L % 41;

    private static JoinInput<BuyOrder, SellOrder> Input(int i, long key) =>
        i * 2_654_435_761L % 7 < 3
            ? JoinInput<BuyOrder, SellOrder>.FromLeft(new BuyOrder(key, i % 100))
            : JoinInput<BuyOrder, SellOrder>.FromRight(new SellOrder(key, i % 100 + 5));

    // 50 keys over windows of 200 ms: each (key, window) gets about 4 records of either side.
    private static void Stream(WindowCoGroupOperator<long, BuyOrder, SellOrder, long, SpreadCoGroup> join, ref CountOf<long, long> output, int first, int watermarkLag)
    {
        for (int i = first; i < first + Records; i++)
        {
            long key = i * 31L % 50;
            join.Add(key, StreamTime(i), Input(i, key), ref output);
            if ((i & 63) == 0)
            {
                join.AdvanceWatermark(i - watermarkLag, ref output);
            }
        }
    }

    // 1,000 keys, each seen about every 1,000 ms in a burst of 8 records: keys enter and leave the table.
    private static void Stream(IntervalJoinOperator<long, BuyOrder, SellOrder, long, SpreadJoin> join, ref CountOf<long, long> output, int first)
    {
        for (int i = first; i < first + Records; i++)
        {
            long key = i / 8 % 1_000;
            join.Add(key, StreamTime(i), Input(i, key), ref output);
            if ((i & 63) == 0)
            {
                join.AdvanceWatermark(i - 50, ref output);
            }
        }
    }
}
