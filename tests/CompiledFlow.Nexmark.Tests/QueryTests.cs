using CompiledFlow;
using Nexmark.Queries;

namespace Nexmark.Tests;

/// <summary>
/// Every query written as a pipeline gives the DuckDB oracle's rows: through <c>Run</c> at parallelism
/// 1 and through <c>CreateJob</c> at parallelism 1, 2 and 4 with small batches, on the dense default
/// dataset, on the slow one (many windows and sessions, delivered out of order) and on the default
/// dataset's events delivered out of order; and no event is late under the queries' watermark.
/// </summary>
public sealed class QueryTests(NexmarkDatasets datasets) : IClassFixture<NexmarkDatasets>
{
    /// <summary>Odd and small, so windows and sessions straddle batch boundaries.</summary>
    private const int SmallBatch = 97;

    public static TheoryData<NexmarkQuery, string> QueriesAndDatasets()
    {
        var data = new TheoryData<NexmarkQuery, string>();
        foreach (NexmarkQuery query in QueryPipelines.Implemented)
        {
            foreach (string dataset in NexmarkDatasets.Configs.Keys)
            {
                data.Add(query, dataset);
            }
        }

        return data;
    }

    public static TheoryData<NexmarkQuery, string, int> QueriesDatasetsAndParallelism()
    {
        var data = new TheoryData<NexmarkQuery, string, int>();
        foreach (NexmarkQuery query in QueryPipelines.Implemented)
        {
            foreach (string dataset in NexmarkDatasets.Configs.Keys)
            {
                foreach (int parallelism in new[] { 1, 2, 4 })
                {
                    data.Add(query, dataset, parallelism);
                }
            }
        }

        return data;
    }

    public static TheoryData<NexmarkQuery> Queries() => new(QueryPipelines.Implemented);

    [Theory]
    [MemberData(nameof(QueriesAndDatasets))]
    public void Run_gives_the_oracle_rows(NexmarkQuery query, string dataset)
    {
        List<string> expected = datasets.Oracle(dataset).Run(query);

        AssertSameRows(expected, QueryPipelines.Run(query, datasets.Events(dataset)));
    }

    [Theory]
    [MemberData(nameof(QueriesDatasetsAndParallelism))]
    public void Job_gives_the_oracle_rows_with_no_late_record(NexmarkQuery query, string dataset, int parallelism)
    {
        List<string> expected = datasets.Oracle(dataset).Run(query);
        Event[] events = datasets.Events(dataset);

        (List<string> rows, JobResult result) =
            QueryPipelines.RunJob(query, events, new JobOptions { Parallelism = parallelism, BatchSize = SmallBatch });

        AssertSameRows(expected, rows);
        Assert.Equal(0, result.LateRecords);
        Assert.Equal(events.Length, result.RecordsRead);
        Assert.Equal(expected.Count, result.RecordsWritten);
    }

    /// <summary>
    /// The default dataset's events (2 s of event time, so every sliding and tumbling window holds many of
    /// them) delivered in out-of-order groups with NEXMark's occasional 3 s delays: the same events, so the
    /// same rows as the in-order oracle.
    /// </summary>
    [Theory]
    [MemberData(nameof(Queries))]
    public void Out_of_order_delivery_of_dense_events_gives_the_in_order_rows(NexmarkQuery query)
    {
        Event[] shuffled = EventGenerator.Events(ShuffledDefault);
        Assert.NotEqual(datasets.Events("default"), shuffled);
        List<string> expected = datasets.Oracle("default").Run(query);

        AssertSameRows(expected, QueryPipelines.Run(query, shuffled));
        (List<string> rows, JobResult result) =
            QueryPipelines.RunJob(query, shuffled, new JobOptions { Parallelism = 3, BatchSize = SmallBatch });
        AssertSameRows(expected, rows);
        Assert.Equal(0, result.LateRecords);
    }

    /// <summary>
    /// Events made in the job as two parallel timelines (as nexmark-flink splits its generator among
    /// source subtasks), one source split each, at parallelism 2 with the queries' watermark alignment:
    /// the oracle's rows over the same events.
    /// </summary>
    [Theory]
    [MemberData(nameof(Queries))]
    public void Parallel_timelines_made_in_the_job_give_the_oracle_rows_of_their_events(NexmarkQuery query)
    {
        List<string> expected = datasets.Oracle("timelines").Run(query);
        ISource<Event> timelines = GeneratorSource.ParallelTimelines(NexmarkDatasets.Configs["slow"], NexmarkDatasets.Timelines);

        (List<string> rows, JobResult result) =
            QueryPipelines.RunJob(query, timelines, new JobOptions { Parallelism = 2, BatchSize = SmallBatch });

        AssertSameRows(expected, rows);
        Assert.Equal(0, result.LateRecords);
        Assert.Equal(datasets.Events("timelines").Length, result.RecordsRead);
    }

    [Fact]
    public void The_queries_watermark_covers_the_disorder_of_every_dataset()
    {
        foreach (GeneratorConfig config in NexmarkDatasets.Configs.Values.Append(ShuffledDefault))
        {
            Assert.True(config.MaxOutOfOrdernessMs <= QueryTime.MaxOutOfOrdernessMs, $"{config.MaxOutOfOrdernessMs} ms of disorder in {config}");
        }

        Assert.True(NexmarkDatasets.Configs["slow"].MaxOutOfOrdernessMs > 3_000, "the slow dataset should come near the bound");
    }

    private static GeneratorConfig ShuffledDefault => NexmarkDatasets.Configs["default"] with
    {
        OutOfOrderGroupSize = 500,
        ProbDelayedEvent = 0.1,
    };

    // Reports the first differing rows rather than two lists of thousands.
    internal static void AssertSameRows(List<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).Take(5).ToList();
        var unexpected = actual.Except(expected).Take(5).ToList();
        Assert.True(
            missing.Count == 0 && unexpected.Count == 0 && expected.Count == actual.Count,
            $"{expected.Count} expected rows, {actual.Count} actual.\nmissing: {string.Join(" | ", missing)}\nunexpected: {string.Join(" | ", unexpected)}");
        Assert.Equal(expected, actual);
    }
}
