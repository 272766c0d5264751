namespace Nexmark.Tests;

/// <summary>DuckDB's SQL and the plain C# implementation must give the same rows for every query.</summary>
public sealed class OracleCrossCheckTests(NexmarkDatasets datasets) : IClassFixture<NexmarkDatasets>
{
    public static TheoryData<NexmarkQuery, string> QueriesAndDatasets()
    {
        var data = new TheoryData<NexmarkQuery, string>();
        foreach (NexmarkQuery query in Enum.GetValues<NexmarkQuery>())
        {
            foreach (string dataset in NexmarkDatasets.Configs.Keys)
            {
                data.Add(query, dataset);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(QueriesAndDatasets))]
    public void Sql_and_linq_agree(NexmarkQuery query, string dataset)
    {
        List<string> sql = datasets.Oracle(dataset).Run(query);
        List<string> linq = LinqOracle.Run(query, datasets.Events(dataset));

        Assert.NotEmpty(sql);
        AssertSameRows(sql, linq);
    }

    [Fact]
    public void Slow_dataset_exercises_many_windows_and_sessions()
    {
        NexmarkOracle oracle = datasets.Oracle("slow");

        Assert.True(WindowStarts(oracle.Run(NexmarkQuery.Q7), fromEnd: 2) >= 20);
        Assert.True(WindowStarts(oracle.Run(NexmarkQuery.Q5), fromEnd: 2) >= 100);
        Assert.True(WindowStarts(oracle.Run(NexmarkQuery.Q8), fromEnd: 2) >= 5);
        var sessionsPerBidder = oracle.Run(NexmarkQuery.Q11).GroupBy(row => row.Split(',')[0]).Select(g => g.Count());
        Assert.True(sessionsPerBidder.Max() >= 3);
    }

    [Fact]
    public void Delivery_order_does_not_change_results()
    {
        GeneratorConfig inOrder = NexmarkDatasets.Configs["slow"] with { OutOfOrderGroupSize = 1, ProbDelayedEvent = 0 };
        Event[] events = EventGenerator.Events(inOrder);
        Assert.NotEqual(events, datasets.Events("slow"));

        foreach (NexmarkQuery query in Enum.GetValues<NexmarkQuery>())
        {
            AssertSameRows(datasets.Oracle("slow").Run(query), LinqOracle.Run(query, events));
        }
    }

    private static int WindowStarts(List<string> rows, int fromEnd) =>
        rows.Select(row => row.Split(',')[^fromEnd]).Distinct().Count();

    // Reports the first differing rows rather than two lists of thousands.
    private static void AssertSameRows(List<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).Take(5).ToList();
        var unexpected = actual.Except(expected).Take(5).ToList();
        Assert.True(
            missing.Count == 0 && unexpected.Count == 0 && expected.Count == actual.Count,
            $"{expected.Count} expected rows, {actual.Count} actual.\nmissing: {string.Join(" | ", missing)}\nunexpected: {string.Join(" | ", unexpected)}");
        Assert.Equal(expected, actual);
    }
}
