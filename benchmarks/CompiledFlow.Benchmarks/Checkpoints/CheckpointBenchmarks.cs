using BenchmarkDotNet.Attributes;

namespace CompiledFlow.Benchmarks.Checkpoints;

/// <summary>
/// What checkpoints cost (issue 5, item 8): <see cref="DistinctBidders"/> over 60M bids and 2M
/// bidders, so the keyed state grows past 1M keys early and ends at 2M, run without checkpoints and
/// with a checkpoint every second into a directory on the local disk. Each run's checkpoint
/// statistics (count, longest duration, longest pause, size of the last one) are printed after the
/// benchmark, for benchmarks/README.md. <see cref="Recover"/> times a run that restores the final
/// checkpoint of a completed run (2M keys): load and verify the files, restore every subtask's keys,
/// and finish (its source is at its end).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CheckpointBenchmarks
{
    public const long Bids = 150_000_000;
    public const long Bidders = 2_000_000;

    private readonly List<string> _statistics = [];
    private string _root = "";
    private string _finished = "";

    [Params(1, 2)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "cf-checkpoint-bench-" + Guid.NewGuid().ToString("N"));
        string directory = Path.Combine(_root, "finished");
        JobResult result = Run(directory, TimeSpan.FromHours(1), restoreFrom: null);
        _finished = Path.Combine(directory, $"chk-{result.Checkpoints.LastId:D6}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (string line in _statistics)
        {
            Console.WriteLine("// " + line);
        }

        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public long WithoutCheckpoints() => Record("none", Run(null, TimeSpan.Zero, null));

    [Benchmark]
    public long CheckpointEverySecond()
    {
        string directory = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        long result = Record("every 1 s", Run(directory, TimeSpan.FromSeconds(1), null));
        Directory.Delete(directory, recursive: true);
        return result;
    }

    [Benchmark]
    public long Recover() => Record("recover", Run(null, TimeSpan.Zero, _finished));

    private JobResult Run(string? directory, TimeSpan interval, string? restoreFrom)
    {
        var sink = new CountingSink<long>();
        JobResult result = DistinctBidders.CreateJob()
            .From(new SyntheticBids(Bids, Bidders))
            .To(sink)
            .WithOptions(new JobOptions
            {
                Parallelism = Parallelism,
                CheckpointDirectory = directory,
                CheckpointInterval = interval == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : interval,
                RestoreFrom = restoreFrom,
            })
            .Run();
        long expected = restoreFrom is null ? Bidders : 0;
        if (sink.Committed != expected)
        {
            throw new InvalidOperationException($"{sink.Committed} distinct bidders committed; expected {expected}.");
        }

        return result;
    }

    private long Record(string variant, JobResult result)
    {
        CheckpointStatistics c = result.Checkpoints;
        _statistics.Add(
            $"p={Parallelism} {variant}: {result.Elapsed.TotalMilliseconds:F0} ms, {c.Completed} checkpoints, longest {c.LongestDuration.TotalMilliseconds:F1} ms, " +
            $"longest pause {c.LongestPause.TotalMilliseconds:F1} ms, last {c.LastBytes / 1e6:F1} MB");
        return result.RecordsRead;
    }
}
