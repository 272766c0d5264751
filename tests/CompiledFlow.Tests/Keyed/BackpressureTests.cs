using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Keyed;

/// <summary>Bounded queues between tasks: a stalled sink stops the source instead of filling memory.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task A_blocked_sink_holds_the_source_back_to_a_bounded_number_of_batches()
    {
        // 10,000 batches of one record each; the sink blocks on its first batch.
        Bid[] bids = Enumerable.Range(0, 10_000).Select(i => new Bid(i % 50, 1, 1, i * 10_000L)).ToArray();
        var source = new CountingSource(bids);
        var sink = new BlockingSink();
        var job = LateTolerantCounts.CreateJob().From(source).To(sink).WithOptions(new JobOptions { Parallelism = 2, BatchSize = 1 });

        Task<JobResult> run = job.RunAsync().AsTask();
        await sink.FirstBatch.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(500); // give the source every chance to run ahead
        int readWhileBlocked = source.BatchesRead;
        sink.Release.SetResult();
        JobResult result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(readWhileBlocked, 1, 200); // two inboxes of 8 batches and the batches in flight, not 10,000
        Assert.Equal(10_000, result.RecordsRead);
        Assert.Equal(10_000, result.RecordsWritten);
    }

    private sealed class CountingSource(Bid[] bids) : ISource<Bid>
    {
        private int _read;

        public int BatchesRead => Volatile.Read(ref _read);

        public ISourceReader<Bid> Open() => new Reader(this);

        private sealed class Reader(CountingSource owner) : ISourceReader<Bid>
        {
            private int _next;

            public ValueTask<ReadOnlyMemory<Bid>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
            {
                int count = Math.Min(maxCount, owner._bids.Length - _next);
                ReadOnlyMemory<Bid> batch = owner._bids.AsMemory(_next, count);
                _next += count;
                Interlocked.Increment(ref owner._read);
                return ValueTask.FromResult(batch);
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }

        private readonly Bid[] _bids = bids;
    }

    private sealed class BlockingSink : ISink<(long End, long Count)>
    {
        public TaskCompletionSource FirstBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ISinkWriter<(long End, long Count)> Open() => new Writer(this);

        private sealed class Writer(BlockingSink owner) : ISinkWriter<(long End, long Count)>
        {
            public async ValueTask WriteBatchAsync(ReadOnlyMemory<(long End, long Count)> batch, CancellationToken cancellationToken)
            {
                owner.FirstBatch.TrySetResult();
                await owner.Release.Task.WaitAsync(cancellationToken);
            }

            public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
