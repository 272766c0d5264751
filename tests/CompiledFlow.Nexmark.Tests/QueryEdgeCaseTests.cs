using CompiledFlow;

namespace Nexmark.Tests;

/// <summary>
/// The edges the generated datasets rarely reach — ties for the highest count or price, sessions that
/// touch, bridging bids that arrive late — on hand-made events: the edge cases of
/// <see cref="OracleEdgeCaseTests"/> with their hand-computed rows, and a tie-heavy stream checked
/// against the DuckDB oracle, through <c>Run</c> and through jobs at several parallelisms and batch sizes.
/// Events are delivered at most <see cref="Queries.QueryTime.MaxOutOfOrdernessMs"/> out of order, as
/// the generator's are, so none is late.
/// </summary>
public sealed class QueryEdgeCaseTests
{
    public static TheoryData<int, int> ParallelismAndBatchSize() => new()
    {
        { 1, 1 },
        { 2, 3 },
        { 4, 97 },
    };

    [Theory]
    [MemberData(nameof(ParallelismAndBatchSize))]
    public void Q11_a_gap_of_exactly_10_s_continues_the_session_and_a_longer_one_starts_another(int parallelism, int batchSize)
    {
        Event[] events = [Bid(1000, 7, 5, t: 0), Bid(1000, 8, 5, t: 3), Bid(1000, 7, 5, t: 10_000), Bid(1000, 7, 5, t: 20_001)];

        AssertRows(NexmarkQuery.Q11, events, parallelism, batchSize, "7,2,0,20000", "7,1,20001,30001", "8,1,3,10003");
    }

    [Theory]
    [MemberData(nameof(ParallelismAndBatchSize))]
    public void Q11_a_late_bid_that_bridges_two_sessions_merges_them(int parallelism, int batchSize)
    {
        // 0 and 12 000 are two sessions until 9 000 arrives, 3 s late: within the watermark delay.
        Event[] events = [Bid(1, 7, 5, t: 0), Bid(1, 7, 5, t: 12_000), Bid(1, 7, 5, t: 9_000), Bid(1, 8, 5, t: 40_000)];

        AssertRows(NexmarkQuery.Q11, events, parallelism, batchSize, "7,3,0,22000", "8,1,40000,50000");
    }

    [Theory]
    [MemberData(nameof(ParallelismAndBatchSize))]
    public void Q7_keeps_every_bid_tied_for_the_highest_price_in_its_own_window_only(int parallelism, int batchSize)
    {
        Event[] events = [Bid(1, 1, 50, t: 1_000), Bid(2, 2, 50, t: 9_999), Bid(3, 3, 50, t: 10_000), Bid(4, 4, 20, t: 12_000)];

        AssertRows(NexmarkQuery.Q7, events, parallelism, batchSize, "1,1,50,1000,x,0,10000", "2,2,50,9999,x,0,10000", "3,3,50,10000,x,10000,20000");
    }

    [Theory]
    [MemberData(nameof(ParallelismAndBatchSize))]
    public void Q7_keeps_ties_within_an_auction_and_across_auctions_and_drops_those_below_the_highest(int parallelism, int batchSize)
    {
        Event[] events =
        [
            Bid(1, 1, 70, t: 100), Bid(1, 2, 90, t: 200), Bid(1, 3, 90, t: 300), // auction 1: two bids tied at 90
            Bid(2, 4, 90, t: 400), Bid(2, 5, 10, t: 500), // auction 2: one at 90
            Bid(3, 6, 80, t: 600), Bid(3, 7, 80, t: 700), // auction 3: tied, but below 90
        ];

        AssertRows(NexmarkQuery.Q7, events, parallelism, batchSize, "1,2,90,200,x,0,10000", "1,3,90,300,x,0,10000", "2,4,90,400,x,0,10000");
    }

    [Theory]
    [MemberData(nameof(ParallelismAndBatchSize))]
    public void Q5_counts_a_bid_in_the_five_sliding_windows_that_contain_it_and_keeps_tied_auctions(int parallelism, int batchSize)
    {
        Event[] events = [Bid(1, 1, 1, t: 5_000), Bid(3, 1, 1, t: 5_500), Bid(2, 1, 1, t: 13_000), Bid(2, 1, 1, t: 13_500)];

        AssertRows(
            NexmarkQuery.Q5,
            events,
            parallelism,
            batchSize,
            "1,1,-4000,6000", "3,1,-4000,6000", "1,1,-2000,8000", "3,1,-2000,8000", "1,1,0,10000", "3,1,0,10000",
            "1,1,2000,12000", "3,1,2000,12000", "2,2,4000,14000", "2,2,6000,16000", "2,2,8000,18000", "2,2,10000,20000",
            "2,2,12000,22000");
    }

    /// <summary>
    /// A stream made of ties: 8 auctions, 4 prices, 6 bidders whose gaps are often exactly the session
    /// gap, over about a quarter of an hour, delivered up to 3 s out of order.
    /// </summary>
    [Theory]
    [InlineData(NexmarkQuery.Q5)]
    [InlineData(NexmarkQuery.Q7)]
    [InlineData(NexmarkQuery.Q11)]
    public void A_tie_heavy_stream_gives_the_oracle_rows(NexmarkQuery query)
    {
        Event[] events = TieHeavyEvents(seed: 11, count: 3_000);
        using NexmarkOracle oracle = NexmarkOracle.Load(events);
        List<string> expected = oracle.Run(query);
        Assert.Equal(expected, LinqOracle.Run(query, events));
        if (query != NexmarkQuery.Q11)
        {
            int windowsWithTies = expected.GroupBy(row => string.Join(',', row.Split(',')[^2..])).Count(window => window.Count() > 1);
            Assert.True(windowsWithTies >= 5, $"only {windowsWithTies} windows with tied rows");
        }

        QueryTests.AssertSameRows(expected, QueryPipelines.Run(query, events));
        foreach ((int parallelism, int batchSize) in new[] { (2, 1), (4, 97) })
        {
            (List<string> rows, JobResult result) =
                QueryPipelines.RunJob(query, events, new JobOptions { Parallelism = parallelism, BatchSize = batchSize });
            QueryTests.AssertSameRows(expected, rows);
            Assert.Equal(0, result.LateRecords);
        }
    }

    private static Event[] TieHeavyEvents(int seed, int count)
    {
        var random = new Random(seed);
        long[] gaps = [0, 1, 700, 5_000, 10_000, 10_000, 10_001, 25_000];
        long[] bidderTimes = new long[6];
        var bids = new List<(long Delivery, Event Event)>(count);
        for (int i = 0; i < count; i++)
        {
            int bidder = random.Next(bidderTimes.Length);
            long t = bidderTimes[bidder] += random.Next(4) == 0 ? gaps[random.Next(gaps.Length)] : random.Next(400);
            long delivery = t + random.Next(3_001); // delivered up to 3 s late: within the watermark delay
            bids.Add((delivery, Bid(auction: 1 + random.Next(8), bidder: 100 + bidder, price: 1 + random.Next(4), t)));
        }

        return bids.OrderBy(b => b.Delivery).Select(b => b.Event).ToArray();
    }

    private static void AssertRows(NexmarkQuery query, Event[] events, int parallelism, int batchSize, params string[] expected)
    {
        List<string> sorted = expected.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, LinqOracle.Run(query, events));

        if (parallelism == 1)
        {
            Assert.Equal(sorted, QueryPipelines.Run(query, events));
        }

        (List<string> rows, JobResult result) =
            QueryPipelines.RunJob(query, events, new JobOptions { Parallelism = parallelism, BatchSize = batchSize });
        Assert.Equal(sorted, rows);
        Assert.Equal(0, result.LateRecords);
    }

    private static Event Bid(long auction, long bidder, long price, long t) =>
        Event.Of(new Bid(auction, bidder, price, "c", "u", t, "x"));
}
