using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CompiledFlow.Benchmarks.Infrastructure;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// The NEXMark columns: events/s per core, Flink's rate and the ratio, P2/P1, bytes per event. The
/// benchmark processes run with the thread pool's spinning off
/// (<c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0</c>), as README.md recommends for a
/// job that keeps every core busy: a pool thread that runs out of work otherwise spins before it
/// sleeps, on a core a source split or subtask needs.
/// </summary>
public sealed class NexmarkConfig : ManualConfig
{
    public NexmarkConfig()
    {
        AddJob(Job.Default.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0")).AsMutator());
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        AddColumn(
            new NexmarkColumn(NexmarkColumn.Kind.PerCore),
            new NexmarkColumn(NexmarkColumn.Kind.Flink),
            new NexmarkColumn(NexmarkColumn.Kind.VsFlink),
            new NexmarkColumn(NexmarkColumn.Kind.Scaling),
            new NexmarkColumn(NexmarkColumn.Kind.MedianScaling),
            new BytesPerRecordColumn(c => NexmarkRunner.EventsOf((NexmarkMode)c.Parameters["Mode"])));
    }
}

/// <summary>One of the NEXMark columns, computed from the mean time of a run over <see cref="NexmarkRunner.EventsOf"/> the mode's events.</summary>
public sealed class NexmarkColumn(NexmarkColumn.Kind kind) : IColumn
{
    public enum Kind { PerCore, Flink, VsFlink, Scaling, MedianScaling }

    public string Id => nameof(NexmarkColumn) + kind;

    public string ColumnName => kind switch
    {
        Kind.PerCore => "K events/s/core",
        Kind.Flink => "Flink 1.13 K/core",
        Kind.VsFlink => "x Flink",
        Kind.Scaling => "P2/P1",
        _ => "P2/P1 median",
    };

    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.PerCore => $"events ({NexmarkRunner.DefaultEvents:N0} from memory, {NexmarkRunner.GeneratedEvents:N0} generated) / Mean / cores (1 for P1, GeneratedP1 and TimelinesP1, 2 otherwise), in thousands",
        Kind.Flink => "Flink 1.13's events/s per core from the nexmark/nexmark README, in thousands (Q6: none)",
        Kind.VsFlink => "events/s per core / Flink's",
        Kind.Scaling => "events/s of this run / events/s of the same query at P1 (GeneratedP1 for GeneratedP2, TimelinesP1 for TimelinesP2; total, not per core), from the means",
        _ => "the same from the medians, which a few iterations slowed by the host's other tenants move less than the means",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        string query = (string)benchmarkCase.Parameters["Query"];
        var mode = (NexmarkMode)benchmarkCase.Parameters["Mode"];
        double? time = Time(summary, benchmarkCase);
        double? perCore = time is > 0 ? NexmarkRunner.EventsOf(mode) / (time.Value / 1e9) / NexmarkRunner.Cores(mode) : null;
        double? flink = NexmarkRunner.FlinkPerCore(query);
        switch (kind)
        {
            case Kind.PerCore:
                return perCore is { } p ? (p / 1000).ToString("N0", CultureInfo.InvariantCulture) : "NA";
            case Kind.Flink:
                return flink is { } f ? (f / 1000).ToString("N0", CultureInfo.InvariantCulture) : "-";
            case Kind.VsFlink:
                return perCore is { } pc && flink is { } fl ? (pc / fl).ToString("N1", CultureInfo.InvariantCulture) : "-";
            default:
                if (NexmarkRunner.BaselineOf(mode) is not { } baseline || time is not > 0)
                {
                    return "-";
                }

                BenchmarkCase? p1 = summary.BenchmarksCases.FirstOrDefault(c =>
                    (string)c.Parameters["Query"] == query && (NexmarkMode)c.Parameters["Mode"] == baseline);
                double? p1Time = p1 is null ? null : Time(summary, p1);
                return p1Time is > 0 ? (p1Time.Value / time.Value).ToString("N2", CultureInfo.InvariantCulture) : "NA";
        }
    }

    // The mean time in ns, or the median for the median column.
    private double? Time(Summary summary, BenchmarkCase benchmarkCase) =>
        kind == Kind.MedianScaling ? summary[benchmarkCase]?.ResultStatistics?.Median : summary[benchmarkCase]?.ResultStatistics?.Mean;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}
