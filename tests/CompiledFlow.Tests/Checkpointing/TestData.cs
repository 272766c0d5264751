using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>Deterministic inputs for the checkpoint tests.</summary>
internal static class TestData
{
    /// <summary>Bids 30 ms apart in event time, each arriving up to <paramref name="maxDelay"/> ms late.</summary>
    public static Bid[] Bids(int seed, int count, int maxDelay)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count)
            .Select(i => (Bid: new Bid(random.Next(1, 40), random.Next(1, 25), random.Next(-5, 500), i * 30L + random.Next(0, 600)), Delay: random.Next(0, maxDelay + 1)))
            .OrderBy(x => x.Bid.DateTime + x.Delay)
            .Select(x => x.Bid)];
    }

    /// <summary>People and their listings, in time order, with a few names repeated.</summary>
    public static MarketEvent[] Market(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            long time = i * 20L;
            int id = random.Next(1, 60);
            return random.Next(3) == 0
                ? new MarketEvent(true, new Person(id, "person " + id, time), default)
                : new MarketEvent(false, default, new Listing(i, id, time));
        })];
    }

    /// <summary>The records dealt round-robin into <paramref name="splits"/> splits, each made a source by <paramref name="source"/>.</summary>
    public static ISource<T> Split<T>(T[] records, int splits, Func<T[], ISource<T>> source) =>
        splits == 1
            ? source(records)
            : Sources.FromSplits([.. Enumerable.Range(0, splits).Select(s => source([.. records.Where((_, i) => i % splits == s)]))]);
}
