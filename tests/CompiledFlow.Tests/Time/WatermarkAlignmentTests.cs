using CompiledFlow.Execution;
using CompiledFlow.Tests.Checkpointing;
using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Time;

/// <summary>
/// Watermark alignment (<c>[EventTime(MaxWatermarkDriftMs = ...)]</c>, Flink's withWatermarkAlignment):
/// a source split more than the drift ahead of the slowest split pauses until that one catches up; a
/// split that ended or is idle holds no other back; results are those of the unaligned run.
/// </summary>
public sealed class WatermarkAlignmentTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_split_more_than_the_drift_ahead_of_the_slowest_waits_for_it(int parallelism)
    {
        // Split 0: one bid a second over 100 s, read 10 at a time. Split 1: a bid at 0 s, then (once
        // released) one at 30 s, then (once released again) its end. The drift is 5 s.
        Bid[] fast = Enumerable.Range(0, 100).Select(i => new Bid(1, 1, 1, i * 1_000L)).ToArray();
        var ahead = new GatedSplit(fast);
        var slowest = new GatedSplit([new Bid(2, 1, 1, 0), new Bid(2, 1, 1, 30_000)], 1, 2);
        var sink = new CollectionSink<(long End, long Count)>();
        Task<JobResult> running = AlignedCounts.CreateJob().From(Sources.FromSplits(ahead, slowest)).To(sink)
            .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = 10 }).RunAsync().AsTask();

        // After its first batch split 0's watermark is 8,999 against split 1's -1 (its bid at 0 s): it waits.
        await slowest.Reached(1).WaitAsync(Patience);
        await WaitUntil(() => ahead.Position == 10);
        await Task.Delay(200); // room to run ahead, were it not held
        Assert.Equal(10, ahead.Position);

        // Split 1 at 29,999: split 0 goes on to 38,999 (the batch that takes it past 34,999) and waits again.
        slowest.Release(1);
        await slowest.Reached(2).WaitAsync(Patience);
        await WaitUntil(() => ahead.Position == 40);
        await Task.Delay(200);
        Assert.Equal(40, ahead.Position);

        slowest.Release(2); // split 1 ends: nothing holds split 0 back
        JobResult result = await running.WaitAsync(Patience);

        Assert.Equal(102, result.RecordsRead);
        Assert.Equal(AlignedCounts.Run([.. fast, new Bid(2, 1, 1, 0), new Bid(2, 1, 1, 30_000)]).Order(), sink.Items.Order());
    }

    [Fact]
    public async Task An_idle_split_does_not_hold_the_others_back()
    {
        Bid[] fast = Enumerable.Range(0, 100).Select(i => new Bid(1, 1, 1, i * 1_000L)).ToArray();
        var ahead = new GatedSplit(fast);
        var quiet = new GatedSplit([new Bid(2, 1, 1, 0)], 1);
        var sink = new CollectionSink<(long End, long Count)>();
        Task<JobResult> running = AlignedIdleTolerantCounts.CreateJob().From(Sources.FromSplits(ahead, quiet)).To(sink)
            .WithOptions(new JobOptions { Parallelism = 2, BatchSize = 10 }).RunAsync().AsTask();

        // Split 1 says nothing after its first bid; once it is idle (200 ms) split 0 reads everything.
        await WaitUntil(() => ahead.Position == 100);
        Assert.False(running.IsCompleted);
        quiet.Release(1);
        await running.WaitAsync(Patience);

        Assert.Equal(AlignedIdleTolerantCounts.Run([.. fast, new Bid(2, 1, 1, 0)]).Order(), sink.Items.Order());
    }

    [Fact]
    public async Task Checkpoints_complete_while_a_split_waits_for_the_slowest()
    {
        using var directory = new CheckpointDirectory();
        Bid[] fast = Enumerable.Range(0, 100).Select(i => new Bid(1, 1, 1, i * 1_000L)).ToArray();
        var ahead = new GatedSplit(fast);
        var slowest = new GatedSplit([new Bid(2, 1, 1, 0)], 1);
        var sink = new CollectionSink<(long End, long Count)>();
        Task<JobResult> running = AlignedCounts.CreateJob().From(Sources.FromSplits(ahead, slowest)).To(sink)
            .WithOptions(new JobOptions
            {
                Parallelism = 2,
                BatchSize = 10,
                CheckpointDirectory = directory.Path,
                CheckpointInterval = TimeSpan.FromMilliseconds(10),
                CheckpointsRetained = 1_000,
            })
            .RunAsync().AsTask();

        await WaitUntil(() => ahead.Position == 10);
        long before = directory.Complete().LastOrDefault();
        await WaitUntil(() => directory.Complete().LastOrDefault() > before + 2);
        Assert.Equal(10, ahead.Position); // still waiting: the checkpoints came through the pause
        slowest.Release(1);
        await running.WaitAsync(Patience);

        Assert.Equal(AlignedCounts.Run([.. fast, new Bid(2, 1, 1, 0)]).Order(), sink.Items.Order());
    }

    [Fact]
    public async Task A_split_waiting_for_the_slowest_runs_the_subtask_work_the_slowest_hands_it()
    {
        // Split 0 runs 8 s ahead and waits. Split 1's second bid (priced 99) stops the aggregate of its
        // subtask: were split 1 running that subtask itself, it could not read on; it hands the run to
        // split 0, which waits anyway, and reads its third bid while the aggregate is held.
        Bid[] fast = Enumerable.Range(0, 100).Select(i => new Bid(1, 1, 1, i * 1_000L)).ToArray();
        Bid[] slow = [new Bid(2, 1, 1, 0), new Bid(2, 1, 99, 1_000), new Bid(2, 1, 1, 2_000)];
        var ahead = new GatedSplit(fast);
        var slowest = new GatedSplit(slow, 1, 2);
        var sink = new CollectionSink<(long End, long Count)>();
        Task<JobResult> running = AlignedGatedCounts.CreateJob().From(Sources.FromSplits(ahead, slowest)).To(sink)
            .WithOptions(new JobOptions { Parallelism = 2, BatchSize = 10 }).RunAsync().AsTask();

        JobResult result;
        try
        {
            await slowest.Reached(1).WaitAsync(Patience);
            await WaitUntil(() => ahead.Position == 10);
            slowest.Release(1);
            Assert.True(AlignedGatedCounts.AtGate.Wait(Patience), "the bid priced 99 never reached the aggregate");
            await slowest.Reached(2).WaitAsync(Patience); // split 1 read on while its subtask's run was held
        }
        finally
        {
            AlignedGatedCounts.Gate.Set();
        }

        slowest.Release(2);
        result = await running.WaitAsync(Patience);
        Assert.Equal(103, result.RecordsRead);
        Assert.Equal(AlignedCounts.Run([.. fast, .. slow]).Order(), sink.Items.Order());
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 64)]
    [InlineData(4, 1)]
    public void Aligned_splits_give_the_results_of_one_ordered_input(int parallelism, int batchSize)
    {
        // Three splits over different stretches of time, each in time order: none of their bids is late.
        Bid[][] splits =
        [
            Ordered(seed: 1, count: 500, fromMs: 0, toMs: 100_000),
            Ordered(seed: 2, count: 80, fromMs: 0, toMs: 30_000),
            Ordered(seed: 3, count: 700, fromMs: 50_000, toMs: 200_000),
        ];
        var sink = new CollectionSink<(long End, long Count)>();

        JobResult result = AlignedCounts.CreateJob()
            .From(Sources.FromSplits([.. splits.Select(split => Sources.FromMemory<Bid>(split))]))
            .To(sink)
            .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = batchSize })
            .Run();

        Assert.Equal(0, result.LateRecords);
        Assert.Equal(AlignedCounts.Run([.. splits.SelectMany(split => split)]).Order(), sink.Items.Order());
    }

    [Fact]
    public void The_slowest_reported_split_sets_how_far_the_others_may_go()
    {
        var alignment = new WatermarkAlignment(splits: 3, maxDriftMs: 1_000);
        alignment.Report(0, 5_000);
        alignment.Report(1, 2_000);
        Assert.False(alignment.MayProceed(5_000, out _)); // split 2 has no watermark yet: it holds the others at their start

        alignment.Report(2, 4_500);
        Assert.True(alignment.MayProceed(2_000, out _));
        Assert.True(alignment.MayProceed(3_000, out _));
        Assert.False(alignment.MayProceed(3_001, out Task advanced));
        Assert.False(advanced.IsCompleted);

        alignment.Report(1, 4_200);
        Assert.True(advanced.IsCompleted); // the slowest moved: the waiting split looks again
        Assert.True(alignment.MayProceed(5_000, out _));

        alignment.Report(2, long.MaxValue); // split 2 ended
        alignment.Report(1, long.MaxValue); // split 1 went idle
        Assert.True(alignment.MayProceed(6_000, out _)); // split 0 alone is the slowest
        Assert.False(alignment.MayProceed(6_001, out _));

        alignment.Report(0, long.MaxValue);
        Assert.True(alignment.MayProceed(long.MaxValue - 1, out _));
    }

    [Fact]
    public void A_split_back_from_idleness_behind_the_others_holds_them_again()
    {
        var alignment = new WatermarkAlignment(splits: 2, maxDriftMs: 1_000);
        alignment.Report(0, 1_000);
        alignment.Report(1, 1_000);
        alignment.Report(1, long.MaxValue); // idle
        alignment.Report(0, 9_000);
        Assert.True(alignment.MayProceed(9_000, out _));

        alignment.Report(1, 2_000); // back, at 2 s
        Assert.False(alignment.MayProceed(9_000, out Task advanced));
        alignment.Report(1, 8_000);
        Assert.True(advanced.IsCompleted);
        Assert.True(alignment.MayProceed(9_000, out _));
    }

    [Fact]
    public void A_negative_drift_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WatermarkAlignment(splits: 2, maxDriftMs: -1));
    }

    private static Bid[] Ordered(int seed, int count, long fromMs, long toMs)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count)
            .Select(_ => new Bid(random.Next(1, 20), random.Next(1, 50), random.Next(1, 1_000), random.NextInt64(fromMs, toMs)))
            .OrderBy(bid => bid.DateTime)];
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        DateTime timeout = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < timeout, "the condition never held");
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// A restorable split over <paramref name="bids"/> that stops before each of <paramref name="gates"/>
    /// (positions) until released; <see cref="Position"/> is how many bids it has handed out.
    /// </summary>
    private sealed class GatedSplit(Bid[] bids, params int[] gates) : IRestorableSource<Bid>
    {
        private readonly Dictionary<int, (TaskCompletionSource Reached, TaskCompletionSource Released)> _gates =
            gates.ToDictionary(gate => gate, _ => (NewSignal(), NewSignal()));

        private int _position;

        public int Position => Volatile.Read(ref _position);

        public Task Reached(int gate) => _gates[gate].Reached.Task;

        public void Release(int gate) => _gates[gate].Released.SetResult();

        public ISourceReader<Bid> Open() => Open(0);

        public ISourceReader<Bid> Open(long position) => new Reader(this, (int)position);

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        private sealed class Reader(GatedSplit split, int next) : ISourceReader<Bid>, IPositionedReader
        {
            public long Position => next;

            public async ValueTask<ReadOnlyMemory<Bid>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
            {
                if (split._gates.TryGetValue(next, out var gate))
                {
                    gate.Reached.TrySetResult();
                    await gate.Released.Task.WaitAsync(cancellationToken);
                }

                int nextGate = split._gates.Keys.Where(g => g > next).DefaultIfEmpty(int.MaxValue).Min();
                int count = Math.Min(Math.Min(maxCount, nextGate - next), bids.Length - next);
                ReadOnlyMemory<Bid> batch = bids.AsMemory(next, count);
                next += count;
                Volatile.Write(ref split._position, next);
                return batch;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;

            private readonly Bid[] bids = split.bids;
        }

        private readonly Bid[] bids = bids;
    }
}
