using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CompiledFlow.Benchmarks.Infrastructure;

namespace CompiledFlow.Benchmarks.KeyedWindows;

/// <summary>The workload columns (M records/s, B/record) plus ns/record, over the keyed benchmark's 10M bids.</summary>
public sealed class KeyedConfig : ManualConfig
{
    public KeyedConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        AddColumn(
            new NsPerRecordColumn(KeyedBidData.DefaultCount),
            new ThroughputColumn(KeyedBidData.DefaultCount),
            new BytesPerRecordColumn(KeyedBidData.DefaultCount));
    }
}

/// <summary>Nanoseconds per input record: the mean time of one operation / <c>records</c>.</summary>
public sealed class NsPerRecordColumn(int records) : IColumn
{
    public string Id => nameof(NsPerRecordColumn);
    public string ColumnName => "ns/record";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => -1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Mean / {records:N0} records, in nanoseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNs is > 0 ? (meanNs.Value / records).ToString("N1", CultureInfo.InvariantCulture) : "NA";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}
