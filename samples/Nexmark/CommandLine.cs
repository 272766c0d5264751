using System.Globalization;
using Nexmark.Queries;

namespace Nexmark;

/// <summary>
/// <c>dotnet run --project samples/Nexmark -- --events 10 --print</c> prints the first generated
/// events; <c>-- --query Q5 --events 20000</c> runs a query's pipeline over them and prints its rows;
/// with <c>--output dir</c> it runs the query as a job writing committed CSV part files, with
/// checkpoints when given <c>--checkpoint-dir</c> (rerun the same command after a crash to resume);
/// without <c>--print</c> or <c>--query</c> it prints the usage.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        NEXMark events for CompiledFlow.

        usage: Nexmark --print [--events N] [--seed S]
               Nexmark --query Q [--events N] [--seed S]
               Nexmark --query Q --output DIR [--events N] [--seed S] [--parallelism P] [--splits K]
                       [--checkpoint-dir DIR] [--checkpoint-interval-ms MS]

          --print      print the first N generated events, one per line, in delivery order
          --query Q    run query Q (Q0 to Q8, or Q11) over the first N events and print
                       its result rows, sorted, in the canonical text of README.md
          --events N   how many events (default 10)
          --seed S     generator seed, an unsigned 64-bit integer (default 1)
          --output DIR run query Q as a job into DIR: committed part files *.csv, one result
                       per line, no header (in-progress parts end in .inprogress)
          --parallelism P           subtasks per keyed stage (default: processor count)
          --splits K                source splits read in parallel (default 1; a run
                                    resumes only with the splits it was started with)
          --checkpoint-dir DIR      take checkpoints into DIR and resume from the newest
                                    complete one there: rerunning after a crash continues
          --checkpoint-interval-ms MS  time between checkpoints (default 1000)
        """;

    public static int Main(string[] args)
    {
        long events = 10;
        ulong seed = 1;
        bool print = false;
        string? query = null;
        var job = new JobArguments();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--print":
                    print = true;
                    break;
                case "--query" when i + 1 < args.Length:
                    query = args[++i];
                    break;
                case "--events" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out events):
                case "--seed" when i + 1 < args.Length && ulong.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out seed):
                    i++;
                    break;
                case "--output" when i + 1 < args.Length:
                    job = job with { Output = args[++i] };
                    break;
                case "--checkpoint-dir" when i + 1 < args.Length:
                    job = job with { CheckpointDirectory = args[++i] };
                    break;
                case "--parallelism" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int parallelism) && parallelism > 0:
                    job = job with { Parallelism = parallelism };
                    i++;
                    break;
                case "--splits" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int splits) && splits > 0:
                    job = job with { Splits = splits };
                    i++;
                    break;
                case "--checkpoint-interval-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int interval) && interval > 0:
                    job = job with { CheckpointIntervalMs = interval };
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        var config = new GeneratorConfig { EventCount = events, Seed = seed };
        if (query is not null && job.Output is not null)
        {
            return QueryJobs.Run(query, config, job);
        }

        if (query is not null)
        {
            List<string>? rows = RunQuery(query, EventGenerator.Events(config));
            if (rows is null)
            {
                Console.Error.WriteLine($"Unknown query '{query}': expected Q0 to Q8, or Q11.");
                return 2;
            }

            foreach (string row in rows)
            {
                Console.WriteLine(row);
            }

            return 0;
        }

        if (!print)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        foreach (Event e in EventGenerator.Generate(config))
        {
            Console.WriteLine(e);
        }

        return 0;
    }

    /// <summary>A query's rows over <paramref name="events"/>, sorted; null for an unknown query.</summary>
    private static List<string>? RunQuery(string query, Event[] events) => query.ToUpperInvariant() switch
    {
        "Q0" => ResultText.SortedLines(Q0.Run(events)),
        "Q1" => ResultText.SortedLines(Q1.Run(events)),
        "Q2" => ResultText.SortedLines(Q2.Run(events)),
        "Q3" => ResultText.SortedLines(Q3.Run(events)),
        "Q4" => ResultText.SortedLines(Q4.Run(events)),
        "Q5" => ResultText.SortedLines(Q5.Run(events)),
        "Q6" => ResultText.SortedLines(Q6.Run(events)),
        "Q7" => ResultText.SortedLines(Q7.Run(events)),
        "Q8" => ResultText.SortedLines(Q8.Run(events)),
        "Q11" => ResultText.SortedLines(Q11.Run(events)),
        _ => null,
    };
}
