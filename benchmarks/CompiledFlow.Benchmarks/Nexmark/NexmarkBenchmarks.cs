using BenchmarkDotNet.Attributes;
using Nexmark;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// NEXMark throughput (issue 4, item 9): each query's generated job into a counting sink, over
/// 2,000,000 pre-generated events (NEXMark's default mix and rate, in time order) at parallelism 1
/// (<see cref="NexmarkMode.P1"/>), at parallelism 2 reading two source splits (<see cref="NexmarkMode.P2"/>)
/// and at parallelism 2 reading one source (<see cref="NexmarkMode.P2OneSource"/>); and over
/// 20,000,000 events made inside the job by one or two generator splits (<see cref="NexmarkMode.GeneratedP1"/>,
/// <see cref="NexmarkMode.GeneratedP2"/>) or as two parallel timelines, read by one split or two
/// (<see cref="NexmarkMode.TimelinesP1"/>, <see cref="NexmarkMode.TimelinesP2"/>).
/// The columns give events/s per core (events / mean / cores, the cores being the parallelism),
/// Flink 1.13's published rate, and the speed-up of P2 over P1.
/// <para>
/// Correctness: [GlobalSetup] runs the query once at parallelism 1 over the same events (in memory,
/// or generated) and, for the other modes, once as measured, into a sink that hashes every row, and
/// fails unless both give the same rows (as a multiset: a row count and an order-independent hash
/// sum); [GlobalCleanup] checks the last measured run's row count. Every run must count no late record.
/// </para>
/// </summary>
[Config(typeof(NexmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class NexmarkBenchmarks
{
    private Event[] _events = [];
    private Event[] _even = [];
    private Event[] _odd = [];
    private long _expectedRows;
    private long _lastRows = -1;

    [ParamsSource(nameof(Queries))]
    public string Query { get; set; } = "Q0";

    [ParamsSource(nameof(Modes))]
    public NexmarkMode Mode { get; set; }

    /// <summary>Every query, or those named in CF_NEXMARK_QUERIES (comma-separated), to rerun a few.</summary>
    public static IEnumerable<string> Queries =>
        Environment.GetEnvironmentVariable("CF_NEXMARK_QUERIES") is { Length: > 0 } names ? names.Split(',') : NexmarkRunner.AllQueries;

    /// <summary>Every mode, or those named in CF_NEXMARK_MODES (comma-separated), to rerun a few.</summary>
    public static IEnumerable<NexmarkMode> Modes =>
        Environment.GetEnvironmentVariable("CF_NEXMARK_MODES") is { Length: > 0 } names
            ? names.Split(',').Select(Enum.Parse<NexmarkMode>)
            : Enum.GetValues<NexmarkMode>();

    [GlobalSetup]
    public void Setup()
    {
        (long Rows, long HashSum) expected;
        if (NexmarkRunner.Generates(Mode))
        {
            // No array: checked against parallelism 1 over the same events, made by the generator too.
            NexmarkMode? baseline = NexmarkRunner.BaselineOf(Mode);
            expected = NexmarkRunner.Hash(Query, NexmarkRunner.Source(baseline ?? Mode, [], [], []), 1);
            if (baseline is not null)
            {
                Check(expected, NexmarkRunner.Hash(Query, NexmarkRunner.Source(Mode, [], [], []), NexmarkRunner.Cores(Mode)));
            }
        }
        else
        {
            _events = NexmarkRunner.Generate(NexmarkRunner.DefaultEvents);
            (_even, _odd) = NexmarkRunner.Split(_events);
            expected = NexmarkRunner.Hash(Query, Sources.FromMemory<Event>(_events), 1);
            if (Mode != NexmarkMode.P1)
            {
                Check(expected, NexmarkRunner.Hash(Query, NexmarkRunner.Source(Mode, _events, _even, _odd), NexmarkRunner.Cores(Mode)));
            }
        }

        _expectedRows = expected.Rows;
        Console.WriteLine($"// {Query} {Mode}: {expected.Rows:N0} rows over {NexmarkRunner.EventsOf(Mode):N0} events, same at parallelism 1");
    }

    private void Check((long Rows, long HashSum) expected, (long Rows, long HashSum) actual)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException(
                $"{Query} {Mode} gave {actual.Rows:N0} rows (hash {actual.HashSum:X}), parallelism 1 {expected.Rows:N0} (hash {expected.HashSum:X}).");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_lastRows >= 0 && _lastRows != _expectedRows)
        {
            throw new InvalidOperationException($"{Query} {Mode}: the last measured run wrote {_lastRows:N0} rows, expected {_expectedRows:N0}.");
        }
    }

    [Benchmark]
    public long Run()
    {
        _lastRows = NexmarkRunner.Count(Query, NexmarkRunner.Source(Mode, _events, _even, _odd), NexmarkRunner.Cores(Mode));
        return _lastRows;
    }
}
