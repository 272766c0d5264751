using BenchmarkDotNet.Attributes;
using Nexmark;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// A diagnostic for the stateless queries' scaling: Q2's filter written by hand over the same
/// 2,000,000 events (208-byte structs), on one thread and on two threads (the even and odd splits,
/// one <c>Task.Run</c> each), without CompiledFlow: how far this machine lets a scan of the event
/// array scale from 1 to 2 cores.
/// </summary>
[Config(typeof(NexmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class EventScanBaseline
{
    private Event[] _events = [];
    private Event[] _even = [];
    private Event[] _odd = [];

    // For NexmarkColumn, which reads these parameters.
    [Params("Q2")]
    public string Query { get; set; } = "Q2";

    [Params(NexmarkMode.P1, NexmarkMode.P2)]
    public NexmarkMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = NexmarkRunner.Generate(NexmarkRunner.DefaultEvents);
        (_even, _odd) = NexmarkRunner.Split(_events);
    }

    [Benchmark]
    public long HandWrittenQ2()
    {
        if (Mode == NexmarkMode.P1)
        {
            return Scan(_events);
        }

        Task<long> even = Task.Run(() => Scan(_even));
        Task<long> odd = Task.Run(() => Scan(_odd));
        return even.Result + odd.Result;
    }

    private static long Scan(Event[] events)
    {
        long rows = 0;
        foreach (ref readonly Event e in events.AsSpan())
        {
            if (e.Kind == EventKind.Bid && e.Bid.Auction % 123 == 0)
            {
                rows += e.Bid.Price;
            }
        }

        return rows;
    }
}
