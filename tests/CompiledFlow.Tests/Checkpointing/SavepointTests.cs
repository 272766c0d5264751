using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>Stop-with-savepoint and resume; and the errors a job gives when it cannot take part in checkpoints.</summary>
public sealed class SavepointTests
{
    [Fact]
    public async Task A_job_stopped_with_a_savepoint_resumes_from_it_at_another_parallelism()
    {
        using var directory = new CheckpointDirectory();
        string savepoint = Path.Combine(directory.Path, "savepoint-1");
        Bid[] bids = TestData.Bids(seed: 31, count: 3_000, maxDelay: 500);
        var sink = new CollectionSink<(long, long, long)>();
        var job = BusyBidders.CreateJob().From(new CrashingSource<Bid>(bids, -1, () => false)).To(sink)
            .WithOptions(new JobOptions { Parallelism = 2, BatchSize = 16 });

        Task<JobResult> running = job.RunAsync().AsTask();
        await Task.Delay(50);
        await job.StopWithSavepointAsync(savepoint);
        JobResult stopped = await running;
        int committedAtStop = sink.Items.Count;

        JobResult resumed = BusyBidders.CreateJob().From(new CrashingSource<Bid>(bids, -1, () => false)).To(sink)
            .WithOptions(new JobOptions { Parallelism = 3, BatchSize = 16, RestoreFrom = savepoint })
            .Run();

        Assert.Equal(Path.GetFullPath(savepoint), stopped.Savepoint);
        Assert.True(stopped.RecordsRead < bids.Length, "the job should stop before its input ends");
        Assert.True(resumed.RecordsRead < bids.Length, "the resumed job should start from the savepoint");
        Assert.True(committedAtStop <= sink.Items.Count);
        Assert.Equal(BusyBidders.Run(bids).Order(), sink.Items.Order());
    }

    [Fact]
    public async Task Restoring_a_state_whose_type_changed_names_the_operator_and_both_types()
    {
        using var directory = new CheckpointDirectory();
        string savepoint = Path.Combine(directory.Path, "savepoint-1");
        Bid[] bids = TestData.Bids(seed: 32, count: 3_000, maxDelay: 0);
        var job = HotAuctions.CreateJob().From(new CrashingSource<Bid>(bids, -1, () => false)).To(new CollectionSink<(long, long, long, long)>())
            .WithOptions(new JobOptions { Parallelism = 1, BatchSize = 16 });
        Task<JobResult> running = job.RunAsync().AsTask();
        await Task.Delay(30);
        await job.StopWithSavepointAsync(savepoint);
        await running;

        // Same input, key and stages, but the accumulator is a long, not a PriceStats.
        var logger = new ListLogger();
        var error = Assert.Throws<CheckpointException>(() => LateTolerantCounts.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(new CollectionSink<(long, long)>())
            .WithOptions(new JobOptions { Parallelism = 1, RestoreFrom = savepoint, Logger = logger }).Run());

        Assert.Contains(logger.Entries, e => e.Message.Contains("taken from pipeline CompiledFlow.Tests.Pipelines.HotAuctions, into pipeline CompiledFlow.Tests.Pipelines.LateTolerantCounts"));

        Assert.Contains("CompiledFlow.Tests.Pipelines.LateTolerantCounts keyed stage Stage1", error.Message);
        Assert.Contains("accumulator type changed", error.Message);
        Assert.Contains("CompiledFlow.Tests.Pipelines.PriceStats", error.Message);
        Assert.Contains("System.Int64", error.Message);
    }

    [Fact]
    public void A_sink_without_two_phase_commit_is_refused_by_a_checkpointed_job()
    {
        using var directory = new CheckpointDirectory();
        var error = Assert.Throws<CheckpointException>(() => HotAuctions.CreateJob().From(Sources.FromMemory<Bid>(TestData.Bids(1, 10, 0))).To(new PlainSink())
            .WithOptions(new JobOptions { CheckpointDirectory = directory.Path }).Run());

        Assert.Contains("PlainSink", error.Message);
        Assert.Contains("ITwoPhaseCommitSink", error.Message);
    }

    [Fact]
    public void A_source_that_cannot_seek_is_refused_by_a_checkpointed_job()
    {
        using var directory = new CheckpointDirectory();
        var error = Assert.Throws<CheckpointException>(() => HotAuctions.CreateJob().From(new ForwardOnlySource()).To(new CollectionSink<(long, long, long, long)>())
            .WithOptions(new JobOptions { CheckpointDirectory = directory.Path }).Run());

        Assert.Contains("ForwardOnlySource", error.Message);
        Assert.Contains("IRestorableSource", error.Message);
    }

    [Fact]
    public void Restoring_onto_another_number_of_splits_names_both_counts()
    {
        using var directory = new CheckpointDirectory();
        Bid[] bids = TestData.Bids(seed: 33, count: 500, maxDelay: 0);
        var options = new JobOptions { Parallelism = 2, CheckpointDirectory = directory.Path };
        HotAuctions.CreateJob().From(TestData.Split(bids, 2, s => Sources.FromMemory<Bid>(s))).To(new CollectionSink<(long, long, long, long)>()).WithOptions(options).Run();

        var error = Assert.Throws<CheckpointException>(() => HotAuctions.CreateJob().From(TestData.Split(bids, 3, s => Sources.FromMemory<Bid>(s)))
            .To(new CollectionSink<(long, long, long, long)>()).WithOptions(options).Run());

        Assert.Contains("holds 2 source splits", error.Message);
        Assert.Contains("has 3", error.Message);
    }

    private sealed class PlainSink : ISink<(long, long, long, long)>
    {
        public ISinkWriter<(long, long, long, long)> Open() => throw new InvalidOperationException("not opened in a checkpointed job");
    }

    private sealed class ForwardOnlySource : ISource<Bid>
    {
        public ISourceReader<Bid> Open() => Sources.FromMemory<Bid>(TestData.Bids(1, 10, 0)).Open();
    }
}
