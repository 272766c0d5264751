using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Infrastructure;
using CompiledFlow.Benchmarks.Peers;

namespace CompiledFlow.Benchmarks.Stateless;

/// <summary>
/// Workload (a), the peers that pass one message per record and take seconds per operation:
/// fewer iterations. The hand-written loop is repeated here as the baseline of the ratios.
/// </summary>
[Config(typeof(WorkloadConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class StatelessSumPeerBenchmarks : IWorkloadBenchmark
{
    private Bid[] _bids = [];
    private AkkaPeer? _akka;

    /// <inheritdoc />
    public int Records { get; set; } = BidData.DefaultCount;

    [GlobalSetup]
    public void Setup()
    {
        _bids = BidData.Generate(Records);
        _akka = new AkkaPeer();
    }

    [GlobalCleanup]
    public void Cleanup() => _akka?.Dispose();

    [Benchmark(Baseline = true)]
    public double HandWrittenLoop() => StatelessSumBenchmarks.SumByHand(_bids);

    [Benchmark]
    public double RxNet() => RxPeer.Sum(_bids);

    [Benchmark]
    public Task<double> TplDataflow_PerRecord() => DataflowPeer.SumPerRecordAsync(_bids, capacity: BidData.BatchSize);

    [Benchmark]
    public Task<double> Channels_PerRecord() => ChannelsPeer.SumPerRecordAsync(_bids, capacity: BidData.BatchSize);

    [Benchmark]
    public Task<double> AkkaStreams() => _akka!.SumAsync(_bids);
}
