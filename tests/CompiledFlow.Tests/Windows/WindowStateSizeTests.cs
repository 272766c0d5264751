using Xunit.Abstractions;

namespace CompiledFlow.Tests.Windows;

/// <summary>
/// The memory a window holds per key at 1M long keys with a <see cref="Stats"/> accumulator
/// (16 bytes), as reported by the operators and as measured on the GC heap.
/// </summary>
[Collection(nameof(AllocationCounting))] // measures the GC heap: alone
public sealed class WindowStateSizeTests(ITestOutputHelper log)
{
    private const int Keys = 1_000_000;

    [Fact]
    public void A_tumbling_window_holds_1M_long_keys_in_less_than_64_bytes_per_key()
    {
        long live = GC.GetTotalMemory(forceFullCollection: true);
        var windows = new TumblingWindows<long, long, Stats, StatsAggregator>(1_000, 0);
        var output = new CountingCollector<long, Stats>();
        for (long key = 0; key < Keys; key++)
        {
            windows.Add(key, 5, key, ref output);
        }
        long measured = GC.GetTotalMemory(forceFullCollection: true) - live;
        double reported = (double)windows.StateBytes / Keys;

        log.WriteLine($"tumbling window, 1M long keys, Stats accumulator: StateBytes {windows.StateBytes:N0} = {reported:F1} B/key; GC heap growth {measured / (double)Keys:F1} B/key");
        Assert.Equal(Keys, windows.OpenWindows);
        Assert.True(reported < 64, $"{reported:F1} bytes per key");
        Assert.True(measured / (double)Keys < 64, $"{measured / (double)Keys:F1} bytes per key on the heap");
        GC.KeepAlive(windows);
    }

    [Fact]
    public void Session_windows_report_their_bytes_per_key_at_1M_long_keys()
    {
        long live = GC.GetTotalMemory(forceFullCollection: true);
        var windows = new SessionWindows<long, long, Stats, StatsAggregator, StatsMerger>(1_000, 0);
        var output = new CountingCollector<long, Stats>();
        for (long key = 0; key < Keys; key++)
        {
            windows.Add(key, 5, key, ref output);
        }
        long measured = GC.GetTotalMemory(forceFullCollection: true) - live;
        double reported = (double)windows.StateBytes / Keys;

        log.WriteLine($"session windows, 1M long keys (one session each), Stats accumulator: StateBytes {windows.StateBytes:N0} = {reported:F1} B/key; GC heap growth {measured / (double)Keys:F1} B/key");
        Assert.Equal(Keys, windows.OpenWindows);
        Assert.True(reported < 256, $"{reported:F1} bytes per key");
        GC.KeepAlive(windows);
    }
}
