namespace CompiledFlow.Tests.Samples;

/// <summary>The sample a new user runs first (README: dotnet run --project samples/QuickStart) prints what it promises.</summary>
public sealed class QuickStartTests
{
    [Fact]
    public void QuickStart_runs_the_pipeline_in_memory_and_as_a_csv_to_json_lines_job()
    {
        var output = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(output);
        try
        {
            typeof(QuickStart.HotBids).Assembly.EntryPoint!.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(original);
        }

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
        [
            "Run over an array:",
            "auction 1, bidder 10: 227.00 EUR",
            "auction 2, bidder 12: 181.60 EUR",
            "auction 2, bidder 12: 181.60 EUR",
        ], lines[..4]);
        Assert.StartsWith("Job read 3 bids from ", lines[4]);
        Assert.Contains("wrote 3 records to ", lines[4]);
        Assert.Equal(
        [
            """{"Auction":1,"Bidder":10,"Euros":227}""",
            """{"Auction":2,"Bidder":12,"Euros":181.6}""",
            """{"Auction":2,"Bidder":12,"Euros":181.6}""",
        ], lines[5..]);
    }
}
