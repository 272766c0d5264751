using CompiledFlow.Tests.Pipelines;
using CsCheck;

namespace CompiledFlow.Tests.Joins;

/// <summary>
/// The two join kinds end to end, against plain C# over the same events, at several parallelisms
/// and batch sizes. Events arrive at most 1 s out of order, within the pipelines' bound, so none is late.
/// </summary>
public sealed class JoinPipelineTests
{
    /// <summary>People 1..20 signing up and listing items over ~60 s, delivered up to 1 s out of order.</summary>
    private static readonly Gen<MarketEvent[]> GenEvents =
        Gen.Select(Gen.Bool, Gen.Int[1, 20], Gen.Int[0, 400], Gen.Int[0, 1_000]).Array[0, 400]
            .Select(rows => rows
                .Select((r, i) =>
                {
                    long time = i * 150L + r.Item3;
                    MarketEvent e = r.Item1
                        ? new MarketEvent(true, new Person(r.Item2, "p" + r.Item2, time), default)
                        : new MarketEvent(false, default, new Listing(i, r.Item2, time));
                    return (Event: e, Arrival: time + r.Item4);
                })
                .OrderBy(x => x.Arrival)
                .Select(x => x.Event)
                .ToArray());

    [Fact]
    public void The_window_co_group_finds_people_who_listed_in_their_sign_up_window() =>
        Gen.Select(GenEvents, Gen.Int[1, 4], Gen.Int[1, 100]).Sample((events, parallelism, batchSize) =>
        {
            var people = events.Where(e => e.IsPerson).Select(e => e.Person).ToArray();
            var listings = events.Where(e => !e.IsPerson).Select(e => e.Listing).ToArray();
            var expected = people.GroupBy(p => (p.Id, End: p.Time - p.Time % 10_000 + 10_000))
                .Select(g => (g.Key.Id, Name: g.First().Name, Listings: (long)listings.Count(l => l.Seller == g.Key.Id && l.Time - l.Time % 10_000 + 10_000 == g.Key.End), g.Key.End))
                .Where(x => x.Listings > 0)
                .Order();

            var output = new CollectionSink<(long Id, string Name, long Listings, long End)>();
            NewSellers.CreateJob().From(Sources.FromMemory<MarketEvent>(events)).To(output)
                .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = batchSize }).Run();

            // The name is the first person record of the key in the window by arrival; compare ids and counts.
            Assert.Equal(expected.Select(x => (x.Id, x.Listings, x.End)), output.Items.Select(x => (x.Id, x.Listings, x.End)).Order());
            Assert.Equal(NewSellers.Run(events).Order(), output.Items.Order());
        }, iter: 60, threads: 1);

    [Fact]
    public void The_interval_join_pairs_each_listing_with_sign_ups_up_to_5_s_before_it() =>
        Gen.Select(GenEvents, Gen.Int[1, 4], Gen.Int[1, 100]).Sample((events, parallelism, batchSize) =>
        {
            var people = events.Where(e => e.IsPerson).Select(e => e.Person).ToArray();
            var expected = events.Where(e => !e.IsPerson).Select(e => e.Listing)
                .SelectMany(l => people.Where(p => p.Id == l.Seller && l.Time >= p.Time && l.Time <= p.Time + 5_000).Select(p => (p.Id, l.Id, l.Time - p.Time)))
                .Order();

            var output = new CollectionSink<(long Seller, long Listing, long Delay)>();
            QuickListings.CreateJob().From(Sources.FromMemory<MarketEvent>(events)).To(output)
                .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = batchSize }).Run();

            Assert.Equal(expected, output.Items.Order());
        }, iter: 60, threads: 1);
}
