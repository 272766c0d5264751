using CompiledFlow;
using Microsoft.Extensions.Logging;
using Nexmark.Queries;

namespace Nexmark;

/// <summary>
/// Runs a query as a CompiledFlow job over generated events into exactly-once CSV part files, with
/// checkpoints when asked: started again after a crash, the same command resumes from the newest
/// complete checkpoint and the committed files end up as those of an uninterrupted run.
/// </summary>
public static class QueryJobs
{
    private static readonly FileSinkOptions NoHeader = new() { WriteHeader = false };

    /// <summary>Runs query <paramref name="query"/>; returns the process exit code.</summary>
    public static int Run(string query, GeneratorConfig config, JobArguments arguments)
    {
        using ILoggerFactory logging = LoggerFactory.Create(builder => builder.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var options = new JobOptions
        {
            Parallelism = arguments.Parallelism,
            CheckpointDirectory = arguments.CheckpointDirectory,
            CheckpointInterval = TimeSpan.FromMilliseconds(arguments.CheckpointIntervalMs),
            Logger = logging.CreateLogger("CompiledFlow"),
        };
        ISource<Event> events = GeneratorSource.Create(config, arguments.Splits);
        string output = arguments.Output!;
        JobResult? result = query.ToUpperInvariant() switch
        {
            "Q0" => Q0.CreateJob().From(events).To(Q0.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q1" => Q1.CreateJob().From(events).To(Q1.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q2" => Q2.CreateJob().From(events).To(Q2.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q3" => Q3.CreateJob().From(events).To(Q3.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q4" => Q4.CreateJob().From(events).To(Q4.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q5" => Q5.CreateJob().From(events).To(Q5.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q6" => Q6.CreateJob().From(events).To(Q6.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q7" => Q7.CreateJob().From(events).To(Q7.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q8" => Q8.CreateJob().From(events).To(Q8.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            "Q11" => Q11.CreateJob().From(events).To(Q11.Files.WriteCsvParts(output, NoHeader)).WithOptions(options).Run(),
            _ => null,
        };
        if (result is null)
        {
            Console.Error.WriteLine($"Unknown query '{query}': expected Q0 to Q8, or Q11.");
            return 2;
        }

        CheckpointStatistics checkpoints = result.Checkpoints;
        Console.WriteLine(
            $"{query.ToUpperInvariant()}: {result.RecordsRead} events read, {result.RecordsWritten} rows written in {result.Elapsed.TotalSeconds:F2} s; " +
            $"{checkpoints.Completed} checkpoints (last {checkpoints.LastId}, {checkpoints.LastBytes} bytes, longest pause {checkpoints.LongestPause.TotalMilliseconds:F1} ms)" +
            (checkpoints.RestoredFrom is { } restored ? $"; resumed from {restored}" : string.Empty));
        return 0;
    }
}
