using Nexmark;
using Nexmark.Queries;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>How a query is run: its parallelism and whether the events come as one source or two splits.</summary>
public enum NexmarkMode
{
    /// <summary>One source, parallelism 1: the whole job on the caller's thread.</summary>
    P1,

    /// <summary>
    /// Two source splits (the even and the odd events, each in time order, like two partitions of a
    /// topic), each read by its own task with its own watermark, and parallelism 2 for keyed stages.
    /// </summary>
    P2,

    /// <summary>One source read by one task, parallelism 2 for keyed stages (stateless queries then run on one thread).</summary>
    P2OneSource,

    /// <summary>
    /// The events made inside the job by <see cref="GeneratorSource"/> (as Flink nexmark's datagen
    /// source does) instead of read from memory: one split, parallelism 1.
    /// </summary>
    GeneratedP1,

    /// <summary>The events made inside the job by two <see cref="GeneratorSource"/> splits (the even and the odd events), parallelism 2.</summary>
    GeneratedP2,

    /// <summary>
    /// The events made inside the job as two parallel NEXMark timelines (<see cref="GeneratorSource.ParallelTimelines"/>,
    /// as nexmark-flink splits its generator among source subtasks), parallelism 2: as many events as
    /// <see cref="GeneratedP1"/>'s over the same event time, half with ids of their own.
    /// </summary>
    TimelinesP2,

    /// <summary>
    /// <see cref="TimelinesP2"/>'s events, both timelines read in turn by one split, parallelism 1: what
    /// <see cref="TimelinesP2"/>'s speed-up is measured against. Each timeline has its own active
    /// people and auctions in flight, and at half the rate its auctions stay open twice as long in
    /// event time, so the queries keyed by them hold more state than over <see cref="GeneratedP1"/>'s events.
    /// </summary>
    TimelinesP1,
}

/// <summary>The NEXMark events of the throughput benchmark and the queries over them.</summary>
public static class NexmarkRunner
{
    /// <summary>Events per measured run from memory: persons, auctions and bids together (1:3:46), 200 s of event time at 10,000/s.</summary>
    public const int DefaultEvents = 2_000_000;

    /// <summary>
    /// Events per measured run of the generated modes, which hold no array and so can run ten times
    /// longer: 1-2 s per run. What a run pays once (its threads, pooled buffers, first batches and the
    /// final watermark) weighs on a 100-200 ms run at parallelism 2 enough to move its speed-up by
    /// 0.2-0.5; nexmark/nexmark's per-core rates count 100,000,000 events.
    /// </summary>
    public const int GeneratedEvents = 20_000_000;

    public static readonly string[] AllQueries = ["Q0", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q11"];

    /// <summary>The queries with a keyed stage (all but the stateless Q0–Q2).</summary>
    public static readonly string[] KeyedQueries = ["Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q11"];

    /// <summary>Flink 1.13's events/s per core from the nexmark/nexmark README; Q6 has none.</summary>
    public static double? FlinkPerCore(string query) => query switch
    {
        "Q0" => 155_000,
        "Q1" => 158_000,
        "Q2" => 175_000,
        "Q3" => 152_000,
        "Q4" => 34_000,
        "Q5" => 22_000,
        "Q7" => 12_000,
        "Q8" => 146_000,
        "Q11" => 40_000,
        _ => null,
    };

    public static int Cores(NexmarkMode mode) => mode is NexmarkMode.P1 or NexmarkMode.GeneratedP1 or NexmarkMode.TimelinesP1 ? 1 : 2;

    /// <summary>Whether the mode makes its events in the job rather than reading them from memory.</summary>
    public static bool Generates(NexmarkMode mode) => mode is NexmarkMode.GeneratedP1 or NexmarkMode.GeneratedP2 or NexmarkMode.TimelinesP2 or NexmarkMode.TimelinesP1;

    /// <summary>The events one measured run of the mode reads.</summary>
    public static int EventsOf(NexmarkMode mode) => Generates(mode) ? GeneratedEvents : DefaultEvents;

    /// <summary>
    /// The mode a mode's speed-up is measured against, the same events at parallelism 1: P1,
    /// GeneratedP1 or TimelinesP1; null for those three.
    /// </summary>
    public static NexmarkMode? BaselineOf(NexmarkMode mode) => mode switch
    {
        NexmarkMode.P1 or NexmarkMode.GeneratedP1 or NexmarkMode.TimelinesP1 => null,
        NexmarkMode.GeneratedP2 => NexmarkMode.GeneratedP1,
        NexmarkMode.TimelinesP2 => NexmarkMode.TimelinesP1,
        _ => NexmarkMode.P1,
    };

    /// <summary>NEXMark's default configuration (seed 1, 10,000 events/s, in time order).</summary>
    public static Event[] Generate(int events) => EventGenerator.Events(new GeneratorConfig { EventCount = events });

    /// <summary>The events <see cref="NexmarkMode.TimelinesP2"/> makes, in one array in time order.</summary>
    public static Event[] GenerateTimelines(int events) => EventGenerator.TimelineEvents(new GeneratorConfig { EventCount = events }, timelines: 2);

    /// <summary>The events dealt alternately into two splits: each split keeps time order.</summary>
    public static (Event[] Even, Event[] Odd) Split(Event[] events)
    {
        var even = new Event[(events.Length + 1) / 2];
        var odd = new Event[events.Length / 2];
        for (int i = 0; i < events.Length; i++)
        {
            if ((i & 1) == 0)
            {
                even[i >> 1] = events[i];
            }
            else
            {
                odd[i >> 1] = events[i];
            }
        }

        return (even, odd);
    }

    public static ISource<Event> Source(NexmarkMode mode, Event[] events, Event[] even, Event[] odd) => mode switch
    {
        NexmarkMode.P2 => Sources.FromSplits(Sources.FromMemory<Event>(even), Sources.FromMemory<Event>(odd)),
        NexmarkMode.GeneratedP1 => GeneratorSource.Create(new GeneratorConfig { EventCount = GeneratedEvents }, splits: 1),
        NexmarkMode.GeneratedP2 => GeneratorSource.Create(new GeneratorConfig { EventCount = GeneratedEvents }, splits: 2),
        NexmarkMode.TimelinesP2 => GeneratorSource.ParallelTimelines(new GeneratorConfig { EventCount = GeneratedEvents }, timelines: 2),
        NexmarkMode.TimelinesP1 => GeneratorSource.ParallelTimelines(new GeneratorConfig { EventCount = GeneratedEvents }, timelines: 2, splits: 1),
        _ => Sources.FromMemory<Event>(events),
    };

    /// <summary>Runs <paramref name="query"/> into a counting sink; returns the rows written.</summary>
    public static long Count(string query, ISource<Event> source, int parallelism) => query switch
    {
        "Q0" => Count(Q0.CreateJob(), source, parallelism),
        "Q1" => Count(Q1.CreateJob(), source, parallelism),
        "Q2" => Count(Q2.CreateJob(), source, parallelism),
        "Q3" => Count(Q3.CreateJob(), source, parallelism),
        "Q4" => Count(Q4.CreateJob(), source, parallelism),
        "Q5" => Count(Q5.CreateJob(), source, parallelism),
        "Q6" => Count(Q6.CreateJob(), source, parallelism),
        "Q7" => Count(Q7.CreateJob(), source, parallelism),
        "Q8" => Count(Q8.CreateJob(), source, parallelism),
        "Q11" => Count(Q11.CreateJob(), source, parallelism),
        _ => throw new ArgumentOutOfRangeException(nameof(query), query, null),
    };

    /// <summary>Runs <paramref name="query"/> into a hashing sink; returns the rows and their order-independent hash.</summary>
    public static (long Rows, long HashSum) Hash(string query, ISource<Event> source, int parallelism) => query switch
    {
        "Q0" => Hash(Q0.CreateJob(), source, parallelism),
        "Q1" => Hash(Q1.CreateJob(), source, parallelism),
        "Q2" => Hash(Q2.CreateJob(), source, parallelism),
        "Q3" => Hash(Q3.CreateJob(), source, parallelism),
        "Q4" => Hash(Q4.CreateJob(), source, parallelism),
        "Q5" => Hash(Q5.CreateJob(), source, parallelism),
        "Q6" => Hash(Q6.CreateJob(), source, parallelism),
        "Q7" => Hash(Q7.CreateJob(), source, parallelism),
        "Q8" => Hash(Q8.CreateJob(), source, parallelism),
        "Q11" => Hash(Q11.CreateJob(), source, parallelism),
        _ => throw new ArgumentOutOfRangeException(nameof(query), query, null),
    };

    private static long Count<TRow>(Job<Event, TRow> job, ISource<Event> source, int parallelism)
    {
        var sink = new CountingSink<TRow>();
        JobResult result = job.From(source).To(sink).WithOptions(new JobOptions { Parallelism = parallelism }).Run();
        ThrowIfLate(result);
        return sink.Count;
    }

    private static (long, long) Hash<TRow>(Job<Event, TRow> job, ISource<Event> source, int parallelism)
    {
        var sink = new HashingSink<TRow>();
        JobResult result = job.From(source).To(sink).WithOptions(new JobOptions { Parallelism = parallelism }).Run();
        ThrowIfLate(result);
        return sink.Result;
    }

    private static void ThrowIfLate(JobResult result)
    {
        if (result.LateRecords != 0)
        {
            throw new InvalidOperationException($"{result.LateRecords} late records: the results would be wrong.");
        }
    }
}
