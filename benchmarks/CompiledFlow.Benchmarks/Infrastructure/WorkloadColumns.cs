using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CompiledFlow.Benchmarks.Infrastructure;

/// <summary>Million records per second, from the mean time of one operation over <c>records</c> records.</summary>
public sealed class ThroughputColumn(int records) : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "M records/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Throughput: {records:N0} records / Mean, in millions of records per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNs is > 0 ? (records / meanNs.Value * 1_000).ToString("N1", CultureInfo.InvariantCulture) : "NA";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}

/// <summary>Bytes allocated per input record: MemoryDiagnoser's allocated bytes per operation / the records of one operation.</summary>
public sealed class BytesPerRecordColumn(Func<BenchmarkCase, int> recordsOf) : IColumn
{
    /// <summary>Every case reads <paramref name="records"/> records per operation.</summary>
    public BytesPerRecordColumn(int records)
        : this(_ => records)
    {
    }

    public string Id => nameof(BytesPerRecordColumn);
    public string ColumnName => "B/record";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Metric;
    public int PriorityInCategory => 100; // after Allocated and Alloc Ratio
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Allocated bytes per operation / the records one operation reads";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report is null || !report.Success)
        {
            return "NA";
        }

        long? bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        if (bytes is null)
        {
            return "NA";
        }

        double perRecord = (double)bytes.Value / recordsOf(benchmarkCase);
        return perRecord switch
        {
            0 => "0",
            < 0.01 => perRecord.ToString("0.0e0", CultureInfo.InvariantCulture),
            _ => perRecord.ToString("N2", CultureInfo.InvariantCulture),
        };
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}
