namespace Nexmark.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void The_command_line_runs_with_the_thread_pools_spinning_off()
    {
        // README.md, Performance: a parallel job keeps every core busy, so the sample turns the spinning off.
        string path = Path.Combine(AppContext.BaseDirectory, "Nexmark.runtimeconfig.json");
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        System.Text.Json.JsonElement properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public void Print_writes_one_line_per_event_and_no_arguments_write_the_usage()
    {
        TextWriter original = Console.Out;
        try
        {
            var printed = new StringWriter();
            Console.SetOut(printed);
            Assert.Equal(0, CommandLine.Main(["--events", "3", "--print", "--seed", "5"]));
            string[] lines = printed.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(EventGenerator.Events(new GeneratorConfig { EventCount = 3, Seed = 5 }).Select(e => e.ToString()), lines);

            var usage = new StringWriter();
            Console.SetOut(usage);
            Assert.Equal(0, CommandLine.Main([]));
            Assert.Contains("usage:", usage.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public void Query_prints_the_pipelines_rows_and_an_unknown_query_fails()
    {
        TextWriter original = Console.Out;
        TextWriter originalError = Console.Error;
        try
        {
            var printed = new StringWriter();
            Console.SetOut(printed);
            Assert.Equal(0, CommandLine.Main(["--query", "q2", "--events", "20000", "--seed", "3"]));
            string[] lines = printed.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            List<string> expected = LinqOracle.Run(NexmarkQuery.Q2, EventGenerator.Events(new GeneratorConfig { EventCount = 20_000, Seed = 3 }));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, lines);

            var joined = new StringWriter();
            Console.SetOut(joined);
            Assert.Equal(0, CommandLine.Main(["--query", "Q6", "--events", "20000", "--seed", "3"]));
            lines = joined.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            expected = LinqOracle.Run(NexmarkQuery.Q6, EventGenerator.Events(new GeneratorConfig { EventCount = 20_000, Seed = 3 }));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, lines);

            Console.SetError(new StringWriter());
            Assert.Equal(2, CommandLine.Main(["--query", "Q9"]));
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
