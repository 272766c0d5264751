using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Sinks;

/// <summary>A fused sink writer takes records straight from the generated loop, with the same results and commit rules.</summary>
public sealed class FusedSinkTests
{
    [Fact]
    public void A_stateless_job_runs_its_loop_straight_into_a_fused_writer()
    {
        Bid[] bids = Enumerable.Range(0, 10_000).Select(i => new Bid(i, i, i, i)).ToArray();
        var sink = new CountingSumSink();

        JobResult result = EuroPrices.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(sink).Run();

        List<double> expected = EuroPrices.Run(bids);
        Assert.Equal(expected.Sum(), sink.Sum, 1e-6);
        Assert.Equal(expected.Count, result.RecordsWritten);
        Assert.Equal(3, sink.FusedBatches); // 10,000 records in batches of 4,096
        Assert.Equal(0, sink.BufferedBatches);
    }

    [Fact]
    public void With_a_second_sink_both_get_buffered_batches()
    {
        Bid[] bids = Enumerable.Range(0, 100).Select(i => new Bid(i, i, i, i)).ToArray();
        var fused = new CountingSumSink();
        var list = new CollectionSink<double>();

        EuroPrices.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(fused).To(list).Run();

        Assert.Equal(list.Items.Sum(), fused.Sum, 1e-6);
        Assert.Equal(0, fused.FusedBatches);
        Assert.Equal(1, fused.BufferedBatches);
    }

    [Fact]
    public void A_failing_operator_fails_the_fused_job_before_anything_is_committed()
    {
        Sentence[] sentences = [new(1, "a b"), new(2, null!)];
        var sink = new CountingWordsSink();

        var error = Assert.Throws<PipelineException>(() => Words.CreateJob().From(Sources.FromMemory<Sentence>(sentences)).To(sink).Run());

        Assert.IsType<NullReferenceException>(error.InnerException);
        Assert.False(sink.Committed);
    }

    private struct Sum : ICollector<double>
    {
        public double Total;
        public int Count;

        public void Collect(in double item)
        {
            Total += item;
            Count++;
        }
    }

    private sealed class CountingSumSink : ISink<double>
    {
        public double Sum { get; private set; }

        public int FusedBatches { get; private set; }

        public int BufferedBatches { get; private set; }

        public ISinkWriter<double> Open() => new Writer(this);

        private sealed class Writer(CountingSumSink owner) : IFusedSinkWriter<double>
        {
            private double _pending;

            public int WriteThrough<TIn>(IFusableChain<TIn, double> chain, ReadOnlySpan<TIn> batch)
            {
                var sum = new Sum();
                chain.Process(batch, ref sum);
                _pending += sum.Total;
                owner.FusedBatches++;
                return sum.Count;
            }

            public ValueTask WriteBatchAsync(ReadOnlyMemory<double> batch, CancellationToken cancellationToken)
            {
                foreach (double value in batch.Span)
                {
                    _pending += value;
                }

                owner.BufferedBatches++;
                return ValueTask.CompletedTask;
            }

            public ValueTask CommitAsync(CancellationToken cancellationToken)
            {
                owner.Sum = _pending;
                return ValueTask.CompletedTask;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class CountingWordsSink : ISink<(string Word, int Length)>
    {
        public bool Committed { get; private set; }

        public ISinkWriter<(string Word, int Length)> Open() => new Writer(this);

        private sealed class Writer(CountingWordsSink owner) : IFusedSinkWriter<(string Word, int Length)>
        {
            public int WriteThrough<TIn>(IFusableChain<TIn, (string Word, int Length)> chain, ReadOnlySpan<TIn> batch)
            {
                var list = new ListCollector<(string Word, int Length)>(4);
                chain.Process(batch, ref list);
                return list.Items.Count;
            }

            public ValueTask WriteBatchAsync(ReadOnlyMemory<(string Word, int Length)> batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask CommitAsync(CancellationToken cancellationToken)
            {
                owner.Committed = true;
                return ValueTask.CompletedTask;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
