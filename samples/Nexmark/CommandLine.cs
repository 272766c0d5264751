using System.Globalization;

namespace Nexmark;

/// <summary>
/// <c>dotnet run --project samples/Nexmark -- --events 10 --print</c> prints the first generated
/// events; without <c>--print</c> it prints the usage. The queries' command line comes with the pipelines.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        NEXMark events for CompiledFlow.

        usage: Nexmark --print [--events N] [--seed S]

          --print      print the first N generated events, one per line, in delivery order
          --events N   how many events (default 10)
          --seed S     generator seed, an unsigned 64-bit integer (default 1)
        """;

    public static int Main(string[] args)
    {
        long events = 10;
        ulong seed = 1;
        bool print = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--print":
                    print = true;
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

        if (!print)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        foreach (Event e in EventGenerator.Generate(new GeneratorConfig { EventCount = events, Seed = seed }))
        {
            Console.WriteLine(e);
        }

        return 0;
    }
}
