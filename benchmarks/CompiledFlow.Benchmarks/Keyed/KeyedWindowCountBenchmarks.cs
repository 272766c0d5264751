using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Infrastructure;

namespace CompiledFlow.Benchmarks.KeyedWindows;

/// <summary>
/// Keyed tumbling-window count (issue 4, item 9): 10M bids over 10,000 auctions, 10 s event-time
/// windows (100 of them, about 1M results), against a hand-written per-window dictionary count.
/// Every variant returns <see cref="WindowTotals"/>; [GlobalCleanup] checks the last measured run's
/// against the hand-written one's, so a variant that computed something else fails the run.
/// </summary>
[Config(typeof(KeyedConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class KeyedWindowCountBenchmarks : IWorkloadBenchmark, IChecksOwnResults
{
    private Bid[] _bids = [];
    private ISource<Bid>[] _halves = []; // the even and the odd bids, each in its order: two splits
    private WindowTotals _expected;
    private WindowTotals? _last;

    /// <inheritdoc />
    public int Records { get; set; } = KeyedBidData.DefaultCount;

    [GlobalSetup]
    public void Setup()
    {
        _bids = KeyedBidData.Generate(Records);
        _halves = [.. new[] { 0, 1 }.Select(half => Sources.FromMemory<Bid>(_bids.Where((_, i) => i % 2 == half).ToArray()))];
        _expected = HandWrittenWindowCount.Run(_bids);
        if (_expected.Records != _bids.Length)
        {
            throw new InvalidOperationException($"The hand-written count saw {_expected.Records:N0} of {_bids.Length:N0} bids.");
        }

        Console.WriteLine($"// keyed window count, expected: {_expected}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_last is { } last && last != _expected)
        {
            throw new InvalidOperationException($"The last measured run gave {last}, the hand-written count {_expected}.");
        }
    }

    [Benchmark(Baseline = true)]
    public WindowTotals HandWrittenDictionary() => Keep(HandWrittenWindowCount.Run(_bids));

    [Benchmark]
    public WindowTotals CompiledFlow_Job_P1() => Keep(RunJob(1));

    [Benchmark]
    public WindowTotals CompiledFlow_Job_P2() => Keep(RunJob(2));

    /// <summary>Two splits into two subtasks: each split's task runs a subtask it finds idle (the other mode of the exchange).</summary>
    [Benchmark]
    public WindowTotals CompiledFlow_Job_P2_TwoSplits() => Keep(RunJob(2, Sources.FromSplits(_halves)));

    private WindowTotals RunJob(int parallelism, ISource<Bid>? source = null)
    {
        var sink = new WindowTotalsSink();
        JobResult result = WindowedBidCount.CreateJob()
            .From(source ?? Sources.FromMemory<Bid>(_bids))
            .To(sink)
            .WithOptions(new JobOptions { Parallelism = parallelism })
            .Run();
        if (result.LateRecords != 0)
        {
            throw new InvalidOperationException($"{result.LateRecords} late records.");
        }

        return sink.Totals;
    }

    private WindowTotals Keep(WindowTotals totals)
    {
        _last = totals;
        return totals;
    }

    /// <inheritdoc />
    public void CheckResult(string benchmark, object? result)
    {
        if (result is not WindowTotals totals || totals != _expected)
        {
            throw new InvalidOperationException($"{nameof(KeyedWindowCountBenchmarks)}.{benchmark} gave {result}, the hand-written count {_expected}.");
        }
    }
}
