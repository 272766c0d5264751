using System.Globalization;
using Nexmark.Queries;

namespace Nexmark;

/// <summary>
/// <c>dotnet run --project samples/Nexmark -- --events 10 --print</c> prints the first generated
/// events; <c>-- --query Q5 --events 20000</c> runs a query's pipeline over them and prints its rows;
/// without <c>--print</c> or <c>--query</c> it prints the usage.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        NEXMark events for CompiledFlow.

        usage: Nexmark --print [--events N] [--seed S]
               Nexmark --query Q [--events N] [--seed S]

          --print      print the first N generated events, one per line, in delivery order
          --query Q    run query Q (Q0 to Q8, or Q11) over the first N events and print
                       its result rows, sorted, in the canonical text of README.md
          --events N   how many events (default 10)
          --seed S     generator seed, an unsigned 64-bit integer (default 1)
        """;

    public static int Main(string[] args)
    {
        long events = 10;
        ulong seed = 1;
        bool print = false;
        string? query = null;
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
                default:
                    Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        var config = new GeneratorConfig { EventCount = events, Seed = seed };
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
