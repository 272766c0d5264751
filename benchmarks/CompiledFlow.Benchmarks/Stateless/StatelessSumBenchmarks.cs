using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Infrastructure;
using CompiledFlow.Benchmarks.Peers;

namespace CompiledFlow.Benchmarks.Stateless;

/// <summary>
/// Workload (a), fast variants: filter Price % 7 != 0 → map Price * 0.908 → sum, over 10M bids.
/// The hand-written loop is the limit; the slow peers are in <see cref="StatelessSumPeerBenchmarks"/>.
/// </summary>
[Config(typeof(WorkloadConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StatelessSumBenchmarks : IWorkloadBenchmark
{
    private Bid[] _bids = [];

    /// <inheritdoc />
    public int Records { get; set; } = BidData.DefaultCount;

    [GlobalSetup]
    public void Setup() => _bids = BidData.Generate(Records);

    [Benchmark(Baseline = true)]
    public double HandWrittenLoop() => SumByHand(_bids);

    [Benchmark]
    public double CompiledFlow_ProcessBatch()
    {
        var sum = new SumCollector();
        EuroSum.ProcessBatch(_bids, ref sum);
        return sum.Sum;
    }

    /// <summary>
    /// The generated loop called once per 4096-record slice, as the job calls it, but into a struct
    /// collector: what the job would cost if its sink consumed records inside the fused loop
    /// instead of from an output buffer in a second pass.
    /// </summary>
    [Benchmark]
    public double CompiledFlow_ProcessBatch_Per4096()
    {
        var sum = new SumCollector();
        ReadOnlySpan<Bid> bids = _bids;
        for (int start = 0; start < bids.Length; start += BidData.BatchSize)
        {
            EuroSum.ProcessBatch(bids.Slice(start, Math.Min(BidData.BatchSize, bids.Length - start)), ref sum);
        }

        return sum.Sum;
    }

    [Benchmark]
    public double CompiledFlow_Job()
    {
        var sink = new SumSink();
        EuroSum.CreateJob().From(Sources.FromMemory<Bid>(_bids)).To(sink).Run();
        return sink.Sum;
    }

    [Benchmark]
    public double Linq() => _bids.Where(b => b.Price % 7 != 0).Select(b => b.Price * 0.908).Sum();

    [Benchmark]
    public Task<double> TplDataflow_Batched() => DataflowPeer.SumBatchedAsync(_bids, BidData.BatchSize, capacity: 8);

    [Benchmark]
    public Task<double> Channels_Batched() => ChannelsPeer.SumBatchedAsync(_bids, BidData.BatchSize, capacity: 8);

    /// <summary>The chain written by hand as one loop.</summary>
    internal static double SumByHand(Bid[] bids)
    {
        double sum = 0;
        foreach (Bid b in bids)
        {
            if (b.Price % 7 != 0)
            {
                sum += b.Price * 0.908;
            }
        }

        return sum;
    }
}
