namespace Nexmark.Tests;

public sealed class CommandLineTests
{
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
}
