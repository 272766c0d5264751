using CompiledFlow.Tests.Pipelines;
using CsCheck;

namespace CompiledFlow.Tests.Keyed;

/// <summary>
/// Keyed, windowed pipelines end to end: Run against LINQ over the same bids, and jobs at several
/// parallelisms and batch sizes against Run. Bids arrive out of order, but within each pipeline's
/// bound, so no bid is late and LINQ's grouping is the exact answer.
/// </summary>
public sealed class WindowPipelineTests
{
    /// <summary>
    /// Bids over ~60 s of event time, each arriving up to <paramref name="maxDelay"/> ms after its
    /// time: a bid arrives after another only if it is at most <paramref name="maxDelay"/> ms older.
    /// </summary>
    private static Gen<Bid[]> GenBids(int maxDelay) =>
        Gen.Select(Gen.Int[0, 600], Gen.Int[1, 12], Gen.Int[1, 8], Gen.Int[-5, 500], Gen.Int[0, maxDelay])
            .Array[0, 2_000]
            .Select(rows => rows
                .Select((r, i) => (Bid: new Bid(r.Item2, r.Item3, r.Item4, i * 30L + r.Item1), Arrival: i * 30L + r.Item1 + r.Item5))
                .OrderBy(x => x.Arrival)
                .Select(x => x.Bid)
                .ToArray());

    [Fact]
    public void Tumbling_window_counts_and_maxima_match_linq() =>
        GenBids(maxDelay: 2_000).Sample(bids =>
        {
            var expected = bids.Where(b => b.Price > 0)
                .GroupBy(b => (b.Auction, End: (Math.Floor(b.DateTime / 10_000.0) + 1) * 10_000))
                .Select(g => (g.Key.Auction, (long)g.Key.End, (long)g.Count(), g.Max(b => b.Price)))
                .Order();
            Assert.Equal(expected, HotAuctions.Run(bids).Order());
        }, iter: 100);

    [Fact]
    public void Sliding_windows_then_a_second_keyed_stage_match_linq() =>
        GenBids(maxDelay: 500).Sample(bids =>
        {
            // Each bid is in the two 10 s windows that start at the 5 s boundaries covering it.
            var counts = bids
                .SelectMany(b => new[] { b.DateTime - b.DateTime % 5_000, b.DateTime - b.DateTime % 5_000 - 5_000 }.Select(start => (b.Bidder, End: start + 10_000)))
                .GroupBy(x => x)
                .Select(g => (g.Key.End, g.Key.Bidder, Count: (long)g.Count()));
            var expected = counts.GroupBy(c => c.End)
                .Select(g => g.OrderByDescending(c => c.Count).ThenBy(c => c.Bidder).First())
                .Order();
            Assert.Equal(expected, BusyBidders.Run(bids).Order());
        }, iter: 100);

    [Fact]
    public void Session_windows_match_linq() =>
        GenBids(maxDelay: 1_000).Sample(bids =>
        {
            var expected = new List<(long, long, long, long)>();
            foreach (var bidder in bids.GroupBy(b => b.Bidder))
            {
                long[] times = bidder.Select(b => b.DateTime).Order().ToArray();
                int start = 0;
                for (int i = 1; i <= times.Length; i++)
                {
                    if (i == times.Length || times[i] >= times[i - 1] + 3_000)
                    {
                        expected.Add((bidder.Key, times[start], times[i - 1] + 3_000, i - start));
                        start = i;
                    }
                }
            }

            Assert.Equal(expected.Order(), BidderSessions.Run(bids).Order());
        }, iter: 100);

    [Fact]
    public void Every_parallelism_and_batch_size_gives_the_multiset_that_Run_gives() =>
        Gen.Select(GenBids(maxDelay: 500), Gen.Int[1, 4], Gen.Int[1, 700]).Sample((bids, parallelism, batchSize) =>
        {
            var hot = new CollectionSink<(long, long, long, long)>();
            var busy = new CollectionSink<(long, long, long)>();
            var sessions = new CollectionSink<(long, long, long, long)>();
            var options = new JobOptions { Parallelism = parallelism, BatchSize = batchSize };

            HotAuctions.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(hot).WithOptions(options).Run();
            BusyBidders.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(busy).WithOptions(options).Run();
            BidderSessions.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(sessions).WithOptions(options).Run();

            Assert.Equal(HotAuctions.Run(bids).Order(), hot.Items.Order());
            Assert.Equal(BusyBidders.Run(bids).Order(), busy.Items.Order());
            Assert.Equal(BidderSessions.Run(bids).Order(), sessions.Items.Order());
        }, iter: 60, threads: 1);

    [Fact]
    public void With_late_bids_a_single_keyed_stage_gives_the_same_results_at_every_parallelism() =>
        Gen.Select(GenBids(maxDelay: 6_000), Gen.Int[2, 4], Gen.Int[1, 300]).Sample((bids, parallelism, batchSize) =>
        {
            // Watermarks follow the source's batches, so at one batch size every subtask sees the same
            // watermark between the same records, and late bids are the same ones at any parallelism.
            (List<(long, long)> Output, List<Bid> Late) Run(int p)
            {
                var output = new CollectionSink<(long End, long Count)>();
                var late = new CollectionSink<Bid>();
                LateTolerantCounts.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(output).LateDataTo(late)
                    .WithOptions(new JobOptions { Parallelism = p, BatchSize = batchSize }).Run();
                return (output.Items.Order().ToList(), late.Items.OrderBy(b => b.DateTime).ThenBy(b => b.Auction).ToList());
            }

            (List<(long, long)> serial, List<Bid> serialLate) = Run(1);
            (List<(long, long)> parallel, List<Bid> parallelLate) = Run(parallelism);
            Assert.Equal(serial, parallel);
            Assert.Equal(serialLate, parallelLate);
        }, iter: 40, threads: 1);
}
