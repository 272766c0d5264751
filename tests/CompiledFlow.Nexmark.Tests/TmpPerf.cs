namespace Nexmark.Tests;
public sealed class TmpPerf
{
    [Fact]
    public void Perf()
    {
        var cfg = new GeneratorConfig { EventCount = 2_000_000 };
        EventGenerator.Bids(cfg with { EventCount = 10000 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        long n = 0; foreach (var e in EventGenerator.Generate(cfg)) n += e.DateTime & 1;
        sw.Stop();
        long alloc = GC.GetAllocatedBytesForCurrentThread() - before;
        var sw2 = System.Diagnostics.Stopwatch.StartNew();
        var bids = EventGenerator.Bids(cfg);
        sw2.Stop();
        var sw3 = System.Diagnostics.Stopwatch.StartNew();
        long m = 0; foreach (var e in EventGenerator.Generate(cfg with { ProbDelayedEvent = 0.1, OutOfOrderGroupSize = 100 })) m++;
        sw3.Stop();
        File.WriteAllText("/tmp/perf.txt", $"{cfg.EventCount / sw.Elapsed.TotalSeconds:N0} ev/s, {alloc / (double)cfg.EventCount:F1} B/event; bids array {sw2.ElapsedMilliseconds} ms for {bids.Length}; ooo {cfg.EventCount / sw3.Elapsed.TotalSeconds:N0} ev/s; sizeof Event {System.Runtime.CompilerServices.Unsafe.SizeOf<Event>()} Bid {System.Runtime.CompilerServices.Unsafe.SizeOf<Bid>()}");
    }
}
