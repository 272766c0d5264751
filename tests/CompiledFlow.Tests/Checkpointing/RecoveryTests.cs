using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>
/// Exactly-once recovery, in process: a job that crashes again and again, each time restarted on
/// its checkpoint directory (at the same or another parallelism), commits exactly the output of a
/// run that was never interrupted — for every kind of keyed operator.
/// </summary>
public sealed class RecoveryTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    public void Tumbling_windows_recover_exactly(int splits, int parallelism) =>
        AssertRecovers(HotAuctions.CreateJob, TestData.Bids(seed: 1, count: 3_000, maxDelay: 2_000), splits, _ => parallelism);

    [Fact]
    public void Sliding_windows_with_a_second_keyed_stage_recover_exactly() =>
        AssertRecovers(BusyBidders.CreateJob, TestData.Bids(seed: 2, count: 3_000, maxDelay: 500), splits: 2, _ => 2);

    [Fact]
    public void Session_windows_recover_exactly() =>
        AssertRecovers(BidderSessions.CreateJob, TestData.Bids(seed: 3, count: 3_000, maxDelay: 1_000), splits: 2, _ => 3);

    [Fact]
    public void Process_functions_with_state_and_timers_recover_exactly() =>
        AssertRecovers(FirstBids.CreateJob, TestData.Bids(seed: 4, count: 3_000, maxDelay: 0), splits: 1, _ => 2);

    [Fact]
    public void Order_dependent_keyed_state_recovers_exactly() =>
        AssertRecovers(RecentAveragePrice.CreateJob, TestData.Bids(seed: 5, count: 3_000, maxDelay: 0), splits: 1, _ => 2);

    [Fact]
    public void Window_joins_with_strings_in_state_recover_exactly() =>
        AssertRecovers(NewSellers.CreateJob, TestData.Market(seed: 6, count: 3_000), splits: 2, _ => 2);

    [Fact]
    public void Interval_joins_recover_exactly() =>
        AssertRecovers(QuickListings.CreateJob, TestData.Market(seed: 7, count: 3_000), splits: 1, _ => 2);

    [Fact]
    public void Restoring_at_another_parallelism_moves_each_key_to_its_new_subtask() =>
        AssertRecovers(BusyBidders.CreateJob, TestData.Bids(seed: 8, count: 4_000, maxDelay: 500), splits: 2, attempt => new[] { 2, 1, 4, 3, 2 }[attempt % 5], crashes: 4);

    [Fact]
    public void Late_records_reach_their_late_data_sink_exactly_once_across_crashes()
    {
        // Out of order by up to 8 s against no out-of-orderness and 5 s of allowed lateness: some bids are late.
        Bid[] bids = TestData.Bids(seed: 11, count: 3_000, maxDelay: 8_000);
        var results = new CollectionSink<(long, long)>();
        var late = new CollectionSink<Bid>();
        var options = new JobOptions { Parallelism = 2, BatchSize = 16 };
        LateTolerantCounts.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(results).LateDataTo(late).WithOptions(options).Run();
        Assert.NotEmpty(late.Items);

        using var directory = new CheckpointDirectory();
        var recoveredResults = new CollectionSink<(long, long)>();
        var recoveredLate = new CollectionSink<Bid>();
        int crashed = 0;
        for (int attempt = 0; ; attempt++)
        {
            long before = directory.Complete().LastOrDefault();
            var source = new CrashingSource<Bid>(bids, crashed < 3 ? 5 + attempt : -1, () => directory.Complete().LastOrDefault() > before);
            try
            {
                LateTolerantCounts.CreateJob().From(source).To(recoveredResults).LateDataTo(recoveredLate)
                    .WithOptions(options with { Parallelism = 1 + attempt % 3, CheckpointDirectory = directory.Path, CheckpointInterval = TimeSpan.FromMilliseconds(5) })
                    .Run();
                break;
            }
            catch (SimulatedCrash)
            {
                crashed++;
            }
        }

        Assert.Equal(3, crashed);
        Assert.Equal(results.Items.Order(), recoveredResults.Items.Order());
        Assert.Equal(late.Items.Select(b => b.ToString()).Order(), recoveredLate.Items.Select(b => b.ToString()).Order());
    }

    [Fact]
    public void A_finished_job_rerun_on_its_checkpoints_reads_and_writes_nothing_more()
    {
        using var directory = new CheckpointDirectory();
        Bid[] bids = TestData.Bids(seed: 9, count: 1_000, maxDelay: 2_000);
        var sink = new CollectionSink<(long, long, long, long)>();
        var options = new JobOptions { Parallelism = 2, BatchSize = 32, CheckpointDirectory = directory.Path, CheckpointInterval = TimeSpan.FromMilliseconds(5) };
        JobResult first = HotAuctions.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(sink).WithOptions(options).Run();
        int committed = sink.Items.Count;

        JobResult again = HotAuctions.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(sink).WithOptions(options).Run();

        Assert.Equal(HotAuctions.Run(bids).Order(), sink.Items.Order());
        Assert.Equal(committed, sink.Items.Count);
        Assert.Equal(bids.Length, first.RecordsRead);
        Assert.Equal(0, again.RecordsRead);
        Assert.True(again.Checkpoints.LastId > first.Checkpoints.LastId);
        Assert.NotNull(again.Checkpoints.RestoredFrom);
    }

    [Fact]
    public void Checkpoint_statistics_count_checkpoints_their_size_and_the_longest_pause()
    {
        using var directory = new CheckpointDirectory();
        Bid[] bids = TestData.Bids(seed: 10, count: 3_000, maxDelay: 2_000);
        var source = new CrashingSource<Bid>(bids, crashAfterBatches: -1, mayCrash: () => false);
        JobResult result = HotAuctions.CreateJob().From(source).To(new CollectionSink<(long, long, long, long)>())
            .WithOptions(new JobOptions { Parallelism = 2, BatchSize = 16, CheckpointDirectory = directory.Path, CheckpointInterval = TimeSpan.FromMilliseconds(10) })
            .Run();

        Assert.True(result.Checkpoints.Completed >= 2, $"{result.Checkpoints.Completed} checkpoints");
        Assert.True(result.Checkpoints.LastBytes > 0);
        Assert.True(result.Checkpoints.LongestDuration > TimeSpan.Zero);
        Assert.True(result.Checkpoints.LongestPause >= TimeSpan.Zero);
        Assert.InRange(directory.Complete().Length, 1, JobOptions.Default.CheckpointsRetained);
    }

    /// <summary>
    /// Runs the job on a crashing source until it completes, restarting it on its checkpoint
    /// directory after each crash, and checks the committed output against an uninterrupted run
    /// with the same batch size (timers fire on watermarks, which come after every batch).
    /// </summary>
    internal static void AssertRecovers<TIn, TOut>(Func<Job<TIn, TOut>> createJob, TIn[] input, int splits, Func<int, int> parallelismOfAttempt, int crashes = 3)
    {
        var uninterrupted = new CollectionSink<TOut>();
        createJob().From(TestData.Split(input, splits, split => Sources.FromMemory<TIn>(split))).To(uninterrupted)
            .WithOptions(new JobOptions { Parallelism = 1, BatchSize = 16 }).Run();

        using var directory = new CheckpointDirectory();
        var sink = new CollectionSink<TOut>();
        var random = new Random(splits * 31 + input.Length);
        int crashed = 0;
        for (int attempt = 0; ; attempt++)
        {
            long before = directory.Complete().LastOrDefault();
            int crashAfter = crashed < crashes ? random.Next(2, 12) : -1;
            Func<bool> mayCrash = () => directory.Complete().LastOrDefault() > before;
            try
            {
                createJob()
                    .From(TestData.Split(input, splits, split => new CrashingSource<TIn>(split, crashAfter, mayCrash)))
                    .To(sink)
                    .WithOptions(new JobOptions
                    {
                        Parallelism = parallelismOfAttempt(attempt),
                        BatchSize = 16,
                        CheckpointDirectory = directory.Path,
                        CheckpointInterval = TimeSpan.FromMilliseconds(5),
                    })
                    .Run();
                break;
            }
            catch (SimulatedCrash)
            {
                crashed++;
            }
        }

        Assert.True(crashed >= 1, "the job never crashed: the test proves nothing");
        Assert.Equal(uninterrupted.Items.Select(r => r!.ToString()).Order(), sink.Items.Select(r => r!.ToString()).Order());
    }
}
