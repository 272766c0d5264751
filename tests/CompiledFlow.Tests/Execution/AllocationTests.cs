using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Execution;

/// <summary>
/// The fused loop allocates nothing per record. Not a timing test: it counts the bytes this
/// thread allocates while the generated loop runs over 100,000 records, after a warm-up run has
/// JIT-compiled the loop and rented the emitter's pooled buffers.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class AllocationTests
{
    private struct Sum<T> : ICollector<T>
        where T : System.Numerics.INumber<T>
    {
        public T Total;

        public void Collect(in T item) => Total += item;
    }

    [Fact]
    public void A_filter_map_chain_allocates_nothing()
    {
        Bid[] bids = Enumerable.Range(0, 100_000).Select(i => new Bid(i, i, i, i)).ToArray();
        var sum = new Sum<double>();
        EuroPrices.ProcessBatch(bids, ref sum);

        long before = GC.GetAllocatedBytesForCurrentThread();
        sum = default;
        EuroPrices.ProcessBatch(bids, ref sum);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(bids.Where(b => b.Price % 7 != 0).Sum(b => b.Price * 0.908), sum.Total, 1e-3);
    }

    [Fact]
    public void Nested_flat_maps_allocate_nothing_once_the_emitters_have_grown()
    {
        int[] counts = Enumerable.Range(0, 100_000).Select(i => i % 20).ToArray();
        var sum = new Sum<long>();
        Ranges.ProcessBatch(counts, ref sum);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Ranges.ProcessBatch(counts, ref sum);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_job_runner_allocates_per_job_not_per_record()
    {
        Bid[] small = Enumerable.Range(0, 10_000).Select(i => new Bid(i, i, i, i)).ToArray();
        Bid[] large = Enumerable.Range(0, 1_000_000).Select(i => new Bid(i, i, i, i)).ToArray();
        RunJob(small); // warm-up at both sizes: JIT, pools, one-time buffers
        RunJob(large);

        long smallBytes = Measure(small);
        long largeBytes = Measure(large);

        // 100x the records must not cost more than a few hundred bytes more (a bigger result box, not per-record garbage).
        Assert.True(largeBytes - smallBytes < 1_024, $"10k records: {smallBytes} B, 1M records: {largeBytes} B");

        static long Measure(Bid[] bids)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            RunJob(bids);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        static void RunJob(Bid[] bids) =>
            EuroPrices.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(new SumSink()).Run();
    }

    /// <summary>Sums each batch; allocates nothing per batch.</summary>
    private sealed class SumSink : ISink<double>
    {
        public ISinkWriter<double> Open() => new Writer();

        private sealed class Writer : ISinkWriter<double>
        {
            private double _total;

            public ValueTask WriteBatchAsync(ReadOnlyMemory<double> batch, CancellationToken cancellationToken)
            {
                foreach (double value in batch.Span)
                {
                    _total += value;
                }

                return ValueTask.CompletedTask;
            }

            public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
