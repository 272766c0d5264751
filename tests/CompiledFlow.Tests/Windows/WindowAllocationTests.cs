namespace CompiledFlow.Tests.Windows;

/// <summary>
/// The window operators allocate nothing per record once warm: counted on this thread (not
/// timed) over 100,000 records after a first pass has JIT-compiled the code and grown the tables.
/// The loops throw instead of asserting, since an assertion allocates.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class WindowAllocationTests
{
    private const int Records = 100_000;
    private const int Keys = 1_000;

    [Fact]
    public void Tumbling_windows_add_to_open_windows_without_allocating()
    {
        var windows = new TumblingWindows<long, long, Stats, StatsAggregator>(1_000_000, 0);
        var output = new CountingCollector<long, Stats>();
        AddToOpenWindows(windows, ref output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AddToOpenWindows(windows, ref output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Keys, windows.OpenWindows);
    }

    [Fact]
    public void Sliding_windows_add_to_open_windows_without_allocating()
    {
        var windows = new SlidingWindows<long, long, Stats, StatsAggregator>(1_000, 100, 0);
        var output = new CountingCollector<long, Stats>();
        AddToOpenWindows(windows, ref output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AddToOpenWindows(windows, ref output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Keys * 10, windows.OpenWindows);
    }

    [Fact]
    public void Session_windows_add_to_open_sessions_without_allocating()
    {
        var windows = new SessionWindows<long, long, Stats, StatsAggregator, StatsMerger>(1_000, 0);
        var output = new CountingCollector<long, Stats>();
        AddToOpenWindows(windows, ref output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AddToOpenWindows(windows, ref output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Keys, windows.OpenWindows);
    }

    /// <summary>A steady stream with a watermark: windows open, fire and are purged; purged tables are reused.</summary>
    [Fact]
    public void Tumbling_windows_over_a_steady_stream_do_not_allocate()
    {
        var windows = new TumblingWindows<long, long, Stats, StatsAggregator>(100, 50);
        var output = new CountingCollector<long, Stats>();
        Stream(windows, ref output, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stream(windows, ref output, Records);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(output.Count > 0);
    }

    [Fact]
    public void Sliding_windows_over_a_steady_stream_do_not_allocate()
    {
        var windows = new SlidingWindows<long, long, Stats, StatsAggregator>(100, 20, 50);
        var output = new CountingCollector<long, Stats>();
        Stream(windows, ref output, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stream(windows, ref output, Records);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(output.Count > 0);
    }

    /// <summary>Sessions open, grow, merge, fire and are purged; nodes, keys and timers are reused.</summary>
    [Fact]
    public void Session_windows_over_a_steady_stream_do_not_allocate()
    {
        var windows = new SessionWindows<long, long, Stats, StatsAggregator, StatsMerger>(30, 50);
        var output = new CountingCollector<long, Stats>();
        Stream(windows, ref output, 0);
        Stream(windows, ref output, Records);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stream(windows, ref output, 2 * Records);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(output.Count > 0);
    }

    private static void AddToOpenWindows(TumblingWindows<long, long, Stats, StatsAggregator> windows, ref CountingCollector<long, Stats> output)
    {
        for (int i = 0; i < Records; i++)
        {
            if (!windows.Add(i % Keys, i % 997, i, ref output))
            {
                throw new InvalidOperationException("late");
            }
        }
    }

    private static void AddToOpenWindows(SlidingWindows<long, long, Stats, StatsAggregator> windows, ref CountingCollector<long, Stats> output)
    {
        for (int i = 0; i < Records; i++)
        {
            if (!windows.Add(i % Keys, i % 97, i, ref output))
            {
                throw new InvalidOperationException("late");
            }
        }
    }

    private static void AddToOpenWindows(SessionWindows<long, long, Stats, StatsAggregator, StatsMerger> windows, ref CountingCollector<long, Stats> output)
    {
        for (int i = 0; i < Records; i++)
        {
            if (!windows.Add(i % Keys, i % 997, i, ref output))
            {
                throw new InvalidOperationException("late");
            }
        }
    }

    // One record per ms over 1,000 keys, up to 40 ms out of order; the watermark trails by 50 ms every 256 records.
    private static long StreamTime(int i) => i - i * 7_919L % 41;

    private static void Stream(TumblingWindows<long, long, Stats, StatsAggregator> windows, ref CountingCollector<long, Stats> output, int first)
    {
        for (int i = first; i < first + Records; i++)
        {
            windows.Add(i * 31L % Keys, StreamTime(i), i, ref output);
            if ((i & 255) == 0)
            {
                windows.AdvanceWatermark(i - 50, ref output);
            }
        }
    }

    private static void Stream(SlidingWindows<long, long, Stats, StatsAggregator> windows, ref CountingCollector<long, Stats> output, int first)
    {
        for (int i = first; i < first + Records; i++)
        {
            windows.Add(i * 31L % Keys, StreamTime(i), i, ref output);
            if ((i & 255) == 0)
            {
                windows.AdvanceWatermark(i - 50, ref output);
            }
        }
    }

    // Each key gets a burst of records every 1,000 ms: its sessions grow, merge out of order, fire and are purged.
    private static void Stream(SessionWindows<long, long, Stats, StatsAggregator, StatsMerger> windows, ref CountingCollector<long, Stats> output, int first)
    {
        for (int i = first; i < first + Records; i++)
        {
            windows.Add(i / 8 % Keys, StreamTime(i), i, ref output);
            if ((i & 255) == 0)
            {
                windows.AdvanceWatermark(i - 50, ref output);
            }
        }
    }
}
