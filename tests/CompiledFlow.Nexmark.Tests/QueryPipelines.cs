using CompiledFlow;
using Nexmark.Queries;

namespace Nexmark.Tests;

/// <summary>
/// Runs the sample's query pipelines by <see cref="NexmarkQuery"/> and turns their rows into the
/// oracles' form: canonical lines, sorted ordinally.
/// </summary>
internal static class QueryPipelines
{
    /// <summary>The queries written as pipelines: all of them.</summary>
    public static readonly NexmarkQuery[] Implemented = Enum.GetValues<NexmarkQuery>();

    /// <summary>The generated <c>Run(span)</c>: parallelism 1, bounded.</summary>
    public static List<string> Run(NexmarkQuery query, Event[] events) => query switch
    {
        NexmarkQuery.Q0 => ResultText.SortedLines(Q0.Run(events)),
        NexmarkQuery.Q1 => ResultText.SortedLines(Q1.Run(events)),
        NexmarkQuery.Q2 => ResultText.SortedLines(Q2.Run(events)),
        NexmarkQuery.Q3 => ResultText.SortedLines(Q3.Run(events)),
        NexmarkQuery.Q4 => ResultText.SortedLines(Q4.Run(events)),
        NexmarkQuery.Q5 => ResultText.SortedLines(Q5.Run(events)),
        NexmarkQuery.Q6 => ResultText.SortedLines(Q6.Run(events)),
        NexmarkQuery.Q7 => ResultText.SortedLines(Q7.Run(events)),
        NexmarkQuery.Q8 => ResultText.SortedLines(Q8.Run(events)),
        NexmarkQuery.Q11 => ResultText.SortedLines(Q11.Run(events)),
        _ => throw new ArgumentOutOfRangeException(nameof(query), query, "Not written as a pipeline yet."),
    };

    /// <summary>The generated <c>CreateJob()</c> over the events in memory, with <paramref name="options"/>.</summary>
    public static (List<string> Lines, JobResult Result) RunJob(NexmarkQuery query, Event[] events, JobOptions options) =>
        RunJob(query, Sources.FromMemory<Event>(events), options);

    /// <summary>The generated <c>CreateJob()</c> over <paramref name="source"/>, with <paramref name="options"/>.</summary>
    public static (List<string> Lines, JobResult Result) RunJob(NexmarkQuery query, ISource<Event> source, JobOptions options) => query switch
    {
        NexmarkQuery.Q0 => RunJob(Q0.CreateJob(), source, options),
        NexmarkQuery.Q1 => RunJob(Q1.CreateJob(), source, options),
        NexmarkQuery.Q2 => RunJob(Q2.CreateJob(), source, options),
        NexmarkQuery.Q3 => RunJob(Q3.CreateJob(), source, options),
        NexmarkQuery.Q4 => RunJob(Q4.CreateJob(), source, options),
        NexmarkQuery.Q5 => RunJob(Q5.CreateJob(), source, options),
        NexmarkQuery.Q6 => RunJob(Q6.CreateJob(), source, options),
        NexmarkQuery.Q7 => RunJob(Q7.CreateJob(), source, options),
        NexmarkQuery.Q8 => RunJob(Q8.CreateJob(), source, options),
        NexmarkQuery.Q11 => RunJob(Q11.CreateJob(), source, options),
        _ => throw new ArgumentOutOfRangeException(nameof(query), query, "Not written as a pipeline yet."),
    };

    private static (List<string>, JobResult) RunJob<TRow>(Job<Event, TRow> job, ISource<Event> source, JobOptions options)
        where TRow : struct, IResultRow
    {
        var sink = new CollectionSink<TRow>();
        JobResult result = job.From(source).To(sink).WithOptions(options).Run();
        return (ResultText.SortedLines(sink.Items), result);
    }
}
