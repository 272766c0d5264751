using CompiledFlow.Tests.Checkpointing;
using CompiledFlow.Tests.Pipelines;
using CsCheck;

namespace CompiledFlow.Tests.Keyed;

/// <summary>
/// Sessions as a local-global aggregation (<see cref="SplitBidderSessions"/>): each source split
/// sessionizes its own bids in a <c>[KeyBy(Local = true)]</c> stage and a stage keyed by bidder merges
/// the split sessions that overlap or touch (<c>[SessionWindow(OfSessions = true)]</c>). The result
/// equals the one-stage sessions of <see cref="BidderSessions"/> at every number of splits and
/// parallelism: the local stage holds its watermark back, so the merging stage never fires a session
/// that a split's still-open session would have joined.
/// </summary>
public sealed class LocalSessionTests
{
    /// <summary>Bids of a few bidders, often less than the 3 s gap apart, each arriving up to 1 s after its time.</summary>
    private static readonly Gen<Bid[]> GenBids =
        Gen.Select(Gen.Int[0, 2_500], Gen.Int[1, 4], Gen.Int[0, 1_000])
            .Array[0, 1_500]
            .Select(rows => rows
                .Select((r, i) => (Bid: new Bid(1, r.Item2, 1, i * 400L + r.Item1), Arrival: i * 400L + r.Item1 + r.Item3))
                .OrderBy(x => x.Arrival)
                .Select(x => x.Bid)
                .ToArray());

    [Fact]
    public void Every_number_of_splits_parallelism_and_batch_size_gives_the_sessions_of_one_stage() =>
        Gen.Select(GenBids, Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 300]).Sample((bids, splits, parallelism, batchSize) =>
        {
            var output = new CollectionSink<(long Bidder, long Start, long End, long Count)>();
            JobResult result = SplitBidderSessions.CreateJob()
                .From(TestData.Split(bids, splits, records => Sources.FromMemory<Bid>(records)))
                .To(output)
                .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = batchSize })
                .Run();
            Assert.Equal(BidderSessions.Run(bids).Order(), output.Items.Order());
            Assert.Equal(0, result.LateRecords);
        }, iter: 60, threads: 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_split_session_still_open_keeps_the_merging_stage_from_firing_the_session_it_touches(int parallelism)
    {
        // Split 1 has one bid at 0: its session [0, 3000) fires once its watermark passes 2999. Split 2's
        // session starts at 2900 and goes on, a bid a second, to 20 s: it touches [0, 3000), so the
        // bidder has one session, however far both watermarks have moved when split 1's fires.
        Bid[] first = [new(1, 7, 1, 0), .. Enumerable.Range(0, 30).Select(i => new Bid(1, 8, 1, 5_000 + i * 1_000L))];
        Bid[] second = [.. Enumerable.Range(0, 18).Select(i => new Bid(1, 7, 1, 2_900 + i * 1_000L))];
        var output = new CollectionSink<(long Bidder, long Start, long End, long Count)>();

        SplitBidderSessions.CreateJob()
            .From(Sources.FromSplits(Sources.FromMemory<Bid>(first), Sources.FromMemory<Bid>(second)))
            .To(output)
            .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = 1 })
            .Run();

        Assert.Equal([(7L, 0L, 22_900L, 19L), (8L, 5_000L, 37_000L, 30L)], output.Items.Order());
    }

    [Fact]
    public void Split_sessions_recover_exactly_at_changing_parallelism() =>
        RecoveryTests.AssertRecovers(SplitBidderSessions.CreateJob, TestData.Bids(seed: 13, count: 3_000, maxDelay: 1_000), splits: 2, attempt => new[] { 2, 1, 3 }[attempt % 3], crashes: 3);
}
