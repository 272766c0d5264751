using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace CompiledFlow.Benchmarks.Infrastructure;

/// <summary>
/// The columns of the workload benchmarks: BenchmarkDotNet's Ratio (to the [Benchmark(Baseline = true)]
/// hand-written loop) comes with the baseline; this adds throughput and bytes per record.
/// </summary>
public sealed class WorkloadConfig : ManualConfig
{
    public WorkloadConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median); // robust to the odd slow iteration on a shared 2-core machine
        AddColumn(new ThroughputColumn(BidData.DefaultCount), new BytesPerRecordColumn(BidData.DefaultCount));
    }
}
