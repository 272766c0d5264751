using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>A source waiting for input still takes part in checkpoints: an unbounded source with nothing to read must not hold every checkpoint back.</summary>
public sealed class QuietSourceTests
{
    [Fact]
    public async Task Checkpoints_complete_while_a_source_waits_for_input_and_recovery_resumes_after_what_it_read()
    {
        using var directory = new CheckpointDirectory();
        Bid[] bids = TestData.Bids(seed: 41, count: 400, maxDelay: 2_000);
        var source = new PausingSource(bids, pauseAfter: 200);
        var sink = new CollectionSink<(long, long, long, long)>();
        var job = HotAuctions.CreateJob().From(source).To(sink)
            .WithOptions(new JobOptions { Parallelism = 2, BatchSize = 50, CheckpointDirectory = directory.Path, CheckpointInterval = TimeSpan.FromMilliseconds(10), CheckpointsRetained = 1_000 });

        Task<JobResult> running = job.RunAsync().AsTask();
        await source.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        long before = directory.Complete().LastOrDefault();
        await WaitUntil(() => directory.Complete().LastOrDefault() > before + 2);
        source.Resume.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HotAuctions.Run(bids).Order(), sink.Items.Order());

        // A checkpoint taken during the pause holds the position after the 200 bids read before it.
        var resumed = new PausingSource(bids, pauseAfter: -1);
        JobResult rerun = HotAuctions.CreateJob().From(resumed).To(new CollectionSink<(long, long, long, long)>())
            .WithOptions(new JobOptions { Parallelism = 1, BatchSize = 50, RestoreFrom = directory.FolderOf(before + 2) })
            .Run();
        Assert.Equal(200, rerun.RecordsRead);
    }

    [Fact]
    public async Task A_second_run_on_the_same_checkpoint_directory_waits_for_the_first_and_then_has_nothing_left_to_do()
    {
        using var directory = new CheckpointDirectory();
        Bid[] bids = TestData.Bids(seed: 42, count: 400, maxDelay: 2_000);
        var first = new PausingSource(bids, pauseAfter: 200);
        var sink = new CollectionSink<(long, long, long, long)>();
        var logger = new ListLogger();
        JobOptions options = new() { Parallelism = 2, BatchSize = 50, CheckpointDirectory = directory.Path, CheckpointInterval = TimeSpan.FromMilliseconds(10), Logger = logger };
        Task<JobResult> running = HotAuctions.CreateJob().From(first).To(sink).WithOptions(options).RunAsync().AsTask();
        await first.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Task<JobResult> second = HotAuctions.CreateJob().From(new PausingSource(bids, -1)).To(sink).WithOptions(options).RunAsync().AsTask();
        await WaitUntil(() => logger.Entries.Any(e => e.Message.Contains("in use by another running job")));
        Assert.False(second.IsCompleted);
        first.Resume.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        JobResult secondResult = await second.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, secondResult.RecordsRead);
        Assert.Equal(HotAuctions.Run(bids).Order(), sink.Items.Order());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var timeout = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < timeout, "the condition never held");
            await Task.Delay(5);
        }
    }

    /// <summary>A restorable source whose read after <c>pauseAfter</c> records waits until released, as an idle partition does.</summary>
    private sealed class PausingSource(Bid[] bids, int pauseAfter) : IRestorableSource<Bid>
    {
        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ISourceReader<Bid> Open() => Open(0);

        public ISourceReader<Bid> Open(long position) => new Reader(this, (int)position);

        private sealed class Reader(PausingSource source, int next) : ISourceReader<Bid>, IPositionedReader
        {
            public long Position => next;

            public async ValueTask<ReadOnlyMemory<Bid>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
            {
                if (next == source.pauseAfter)
                {
                    source.Paused.TrySetResult();
                    await source.Resume.Task.WaitAsync(cancellationToken);
                }

                int count = Math.Min(maxCount, source.bids.Length - next);
                ReadOnlyMemory<Bid> batch = source.bids.AsMemory(next, count);
                next += count;
                return batch;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }

        private readonly Bid[] bids = bids;
        private readonly int pauseAfter = pauseAfter;
    }
}
