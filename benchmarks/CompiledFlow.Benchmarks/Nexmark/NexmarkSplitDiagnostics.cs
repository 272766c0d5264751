using BenchmarkDotNet.Attributes;
using Nexmark;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// A diagnostic, not part of the table: the queries whose two-split run (<see cref="NexmarkMode.P2"/>)
/// was slower than their one-source run at parallelism 2, run the same way so that they can be rerun
/// under other runtime settings (e.g. <c>--envVars DOTNET_ThreadPool_ForceMinWorkerThreads:8</c>)
/// without the whole table.
/// </summary>
[Config(typeof(NexmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class NexmarkSplitDiagnostics
{
    private Event[] _events = [];
    private Event[] _even = [];
    private Event[] _odd = [];

    [Params("Q4", "Q11")]
    public string Query { get; set; } = "Q4";

    [Params(NexmarkMode.P2, NexmarkMode.P2OneSource)]
    public NexmarkMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = NexmarkRunner.Generate(NexmarkRunner.DefaultEvents);
        (_even, _odd) = NexmarkRunner.Split(_events);
        PrintSubtaskShares(_events);
    }

    /// <summary>
    /// How the first keyed stage's bids spread over 2 subtasks, keyed by auction (Q5, Q7; Q4 and Q6
    /// add the auctions) and by bidder (Q11): over the whole run, and as the mean over runs of
    /// <paramref name="span"/> consecutive events of the larger subtask's share (1/2 = balanced,
    /// 1 = everything on one subtask), which bounds the speed-up at 1 / that share.
    /// </summary>
    public static void PrintSubtaskShares(Event[] events)
    {
        foreach (int span in new[] { 4096, 8 * 4096, events.Length })
        {
            double auctionMax = 0, bidderMax = 0;
            int runs = 0;
            for (int start = 0; start < events.Length; start += span)
            {
                long bids = 0, auction0 = 0, bidder0 = 0;
                foreach (ref readonly Event e in events.AsSpan(start, Math.Min(span, events.Length - start)))
                {
                    if (e.Kind == EventKind.Bid)
                    {
                        bids++;
                        auction0 += KeyHash.Partition(e.Bid.Auction, 2) == 0 ? 1 : 0;
                        bidder0 += KeyHash.Partition(e.Bid.Bidder, 2) == 0 ? 1 : 0;
                    }
                }

                auctionMax += Math.Max(auction0, bids - auction0) / (double)bids;
                bidderMax += Math.Max(bidder0, bids - bidder0) / (double)bids;
                runs++;
            }

            Console.WriteLine($"// larger subtask's share of bids over runs of {span:N0} events: by auction {auctionMax / runs:P1}, by bidder {bidderMax / runs:P1}");
        }
    }

    [Benchmark]
    public long Run() => NexmarkRunner.Count(Query, NexmarkRunner.Source(Mode, _events, _even, _odd), NexmarkRunner.Cores(Mode));
}
