using CompiledFlow.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>
/// The sink's barrier alignment, driven message by message: what a producer sends after its barrier
/// is held until every producer has sent the barrier or ended, then written before anything newer.
/// </summary>
public sealed class SinkAlignmentTests
{
    [Fact]
    public async Task A_producer_that_sent_the_barrier_and_then_ended_is_counted_once()
    {
        var sink = new RecordingSink();
        SinkTarget<int> target = await OpenAsync(sink, producers: 3);

        await target.BarrierAsync(0, 1, default);
        await target.CompleteAsync(0, default); // barrier and end: still one of three producers aligned
        await target.BarrierAsync(1, 1, default);
        await target.WriteAsync(1, new[] { 10 }, default); // after producer 1's barrier: held
        await target.WriteAsync(2, new[] { 20 }, default); // producer 2 has not sent it: written

        Assert.Equal([20], sink.Written);

        await target.BarrierAsync(2, 1, default); // aligned: the held batch follows
        await target.WriteAsync(2, new[] { 30 }, default);

        Assert.Equal([20, 10, 30], sink.Written);
    }

    [Fact]
    public async Task Producers_that_end_before_the_barrier_do_not_hold_it_back()
    {
        var sink = new RecordingSink();
        SinkTarget<int> target = await OpenAsync(sink, producers: 2);

        await target.CompleteAsync(0, default);
        await target.BarrierAsync(1, 1, default); // the only producer left: aligned at once
        await target.WriteAsync(1, new[] { 10 }, default);

        Assert.Equal([10], sink.Written);
    }

    private static async Task<SinkTarget<int>> OpenAsync(RecordingSink sink, int producers)
    {
        var checkpoints = new CheckpointCoordinator("test", null, null, NullLogger.Instance, _ => { });
        SinkConnection<int> connection = await SinkConnection<int>.OpenAsync(sink, new SinkRecovery(0, []), checkpointed: false, default);
        var target = new SinkTarget<int>("sink", [connection], checkpoints);
        target.AddProducers(producers);
        return target;
    }

    /// <summary>A plain sink that records the order in which batches reach its writer.</summary>
    private sealed class RecordingSink : ISink<int>
    {
        public List<int> Written { get; } = [];

        public ISinkWriter<int> Open() => new Writer(this);

        private sealed class Writer(RecordingSink sink) : ISinkWriter<int>
        {
            public ValueTask WriteBatchAsync(ReadOnlyMemory<int> batch, CancellationToken cancellationToken)
            {
                sink.Written.AddRange(batch.Span);
                return ValueTask.CompletedTask;
            }

            public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
