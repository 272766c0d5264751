using CompiledFlow.Tests.Checkpointing;
using CompiledFlow.Tests.Pipelines;
using CsCheck;

namespace CompiledFlow.Tests.Keyed;

/// <summary>
/// <c>[KeyBy(Local = true)]</c>: a stage keyed within each source split (its records never move to
/// another split's subtask), whose partial results a later <c>[KeyBy]</c> merges: Flink's local-global
/// aggregation. The merged results equal a one-phase count at every number of splits and parallelism.
/// </summary>
public sealed class LocalKeyByTests
{
    /// <summary>Bids over ~60 s of event time, each arriving up to 500 ms after its time (within the pipelines' bound).</summary>
    private static readonly Gen<Bid[]> GenBids =
        Gen.Select(Gen.Int[0, 600], Gen.Int[1, 12], Gen.Int[1, 8], Gen.Int[0, 500])
            .Array[0, 2_000]
            .Select(rows => rows
                .Select((r, i) => (Bid: new Bid(r.Item2, r.Item3, 1, i * 30L + r.Item1), Arrival: i * 30L + r.Item1 + r.Item4))
                .OrderBy(x => x.Arrival)
                .Select(x => x.Bid)
                .ToArray());

    private static IEnumerable<(long End, long Count)> CountsPerAuctionAndWindow(IEnumerable<Bid> bids) =>
        bids.GroupBy(b => (b.Auction, End: b.DateTime - b.DateTime % 10_000 + 10_000))
            .Select(g => (g.Key.End, (long)g.Count()))
            .Order();

    [Fact]
    public void Run_merges_the_partial_counts_into_the_counts_of_one_phase() =>
        GenBids.Sample(bids => Assert.Equal(CountsPerAuctionAndWindow(bids), TwoPhaseCounts.Run(bids).Order()), iter: 100);

    [Fact]
    public void Every_number_of_splits_parallelism_and_batch_size_gives_the_same_counts() =>
        Gen.Select(GenBids, Gen.Int[1, 3], Gen.Int[1, 4], Gen.Int[1, 700]).Sample((bids, splits, parallelism, batchSize) =>
            Assert.Equal(CountsPerAuctionAndWindow(bids), RunJob(PatientTwoPhaseCounts.CreateJob(), bids, splits, parallelism, batchSize)),
            iter: 60, threads: 1);

    [Fact]
    public void A_local_stage_after_a_keyed_stage_sums_what_each_of_its_subtasks_sends() =>
        Gen.Select(GenBids, Gen.Int[1, 3], Gen.Int[1, 4], Gen.Int[1, 700]).Sample((bids, splits, parallelism, batchSize) =>
        {
            var expected = bids.GroupBy(b => b.DateTime - b.DateTime % 10_000 + 10_000).Select(g => (g.Key, (long)g.Count())).Order();
            Assert.Equal(expected, RunJob(LocalWindowTotals.CreateJob(), bids, splits, parallelism, batchSize));
        }, iter: 60, threads: 1);

    /// <summary>Runs <paramref name="job"/> over the bids dealt into <paramref name="splits"/> splits; returns its output in order.</summary>
    private static List<(long End, long Count)> RunJob(Job<Bid, (long End, long Count)> job, Bid[] bids, int splits, int parallelism, int batchSize)
    {
        var output = new CollectionSink<(long End, long Count)>();
        job.From(TestData.Split(bids, splits, records => Sources.FromMemory<Bid>(records)))
            .To(output)
            .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = batchSize })
            .Run();
        return [.. output.Items.Order()];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_local_stage_keeps_the_state_of_each_split_apart(int parallelism)
    {
        // Auction 1 bids in both splits and both windows; auction 2 only in split 1.
        Bid[] first = [new(1, 1, 1, 1_000), new(1, 1, 1, 2_000), new(1, 1, 1, 12_000)];
        Bid[] second = [new(1, 2, 1, 3_000), new(2, 2, 1, 4_000), new(1, 2, 1, 15_000)];
        var output = new CollectionSink<(long Auction, long End, long Count)>();

        SplitCounts.CreateJob()
            .From(Sources.FromSplits(Sources.FromMemory<Bid>(first), Sources.FromMemory<Bid>(second)))
            .To(output)
            .WithOptions(new JobOptions { Parallelism = parallelism })
            .Run();

        // One partial per split that saw the auction in the window, whatever the parallelism.
        Assert.Equal(
            [(1L, 10_000L, 1L), (1L, 10_000L, 2L), (1L, 20_000L, 1L), (1L, 20_000L, 1L), (2L, 10_000L, 1L)],
            output.Items.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void An_idle_split_is_left_out_of_the_merging_stage_watermark(int parallelism)
    {
        Bid[] busy = [.. Enumerable.Range(0, 100).Select(i => new Bid(1, 1, 1, i * 1_000L))];
        var output = new SignallingSink();
        var stalled = new StalledSplit(new Bid(1, 2, 1, 0), output.FirstOutput.Task, TimeSpan.FromSeconds(5));

        JobResult result = TwoPhaseCounts.CreateJob()
            .From(Sources.FromSplits(Sources.FromMemory<Bid>(busy), stalled))
            .To(output)
            .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = 10 })
            .Run();

        Assert.True(stalled.ReleasedByOutput, "the merging stage should fire from the busy split's watermark while the other split is idle");
        // The stalled split's own count of its bid leaves its local stage only at its end, after the
        // merging stage fired that window without it: late there, as in Flink, and counted.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (i * 10_000L, 10L)), output.Records.Order());
        Assert.Equal(1, result.LateRecords);
    }

    [Fact]
    public void A_local_stage_recovers_exactly_at_changing_parallelism() =>
        RecoveryTests.AssertRecovers(PatientTwoPhaseCounts.CreateJob, TestData.Bids(seed: 12, count: 4_000, maxDelay: 500), splits: 2, attempt => new[] { 2, 1, 3 }[attempt % 3], crashes: 3);
}
