using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Infrastructure;
using CompiledFlow.Benchmarks.Peers;

namespace CompiledFlow.Benchmarks.Stateless;

/// <summary>Workload (b): filter → map into a list of the ~8.6M output records.</summary>
[Config(typeof(WorkloadConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StatelessListBenchmarks : IWorkloadBenchmark
{
    private Bid[] _bids = [];

    /// <inheritdoc />
    public int Records { get; set; } = BidData.DefaultCount;

    [GlobalSetup]
    public void Setup() => _bids = BidData.Generate(Records);

    /// <summary>A list sized for the input, as the generated Run sizes it.</summary>
    [Benchmark(Baseline = true)]
    public List<double> HandWrittenLoop()
    {
        var euros = new List<double>(_bids.Length);
        foreach (Bid b in _bids)
        {
            if (b.Price % 7 != 0)
            {
                euros.Add(b.Price * 0.908);
            }
        }

        return euros;
    }

    [Benchmark]
    public List<double> CompiledFlow_Run() => EuroSum.Run(_bids);

    [Benchmark]
    public IReadOnlyList<double> CompiledFlow_Job_CollectionSink()
    {
        var sink = new CollectionSink<double>();
        EuroSum.CreateJob().From(Sources.FromMemory<Bid>(_bids)).To(sink).Run();
        return sink.Items;
    }

    [Benchmark]
    public List<double> Linq() => _bids.Where(b => b.Price % 7 != 0).Select(b => b.Price * 0.908).ToList();

    [Benchmark]
    public IList<double> RxNet() => RxPeer.ToList(_bids);

    [Benchmark]
    public Task<List<double>> Channels_PerRecord() => ChannelsPeer.ToListPerRecordAsync(_bids, capacity: BidData.BatchSize);
}
