using CompiledFlow;

namespace Nexmark.Tests;

/// <summary>The generator as a restorable, split source: splits partition the events, and a reader reopened at its position continues where it was.</summary>
public sealed class GeneratorSourceTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(3, 0.0)]
    [InlineData(2, 0.1)]
    public async Task Splits_read_every_event_once_and_a_reopened_split_continues_at_its_position(int splits, double probDelayed)
    {
        var config = new GeneratorConfig { EventCount = 5_003, Seed = 7, ProbDelayedEvent = probDelayed };
        ISource<Event> source = GeneratorSource.Create(config, splits);
        IReadOnlyList<ISource<Event>> parts = source is ISplitSource<Event> split ? split.Splits : [source];

        var read = new List<Event>();
        foreach (IRestorableSource<Event> part in parts.Cast<IRestorableSource<Event>>())
        {
            await using ISourceReader<Event> reader = part.Open();
            read.AddRange((await reader.ReadBatchAsync(100, default)).ToArray());
            long position = ((IPositionedReader)reader).Position;
            List<Event> rest = await ReadAll(reader);

            await using ISourceReader<Event> reopened = part.Open(position);
            Assert.Equal(rest, await ReadAll(reopened));
            read.AddRange(rest);
        }

        Assert.Equal(EventGenerator.Generate(config).Select(e => e.ToString()).Order(), read.Select(e => e.ToString()).Order());
    }

    [Fact]
    public async Task Parallel_timelines_share_out_the_events_over_the_same_time_with_ids_of_their_own()
    {
        var config = new GeneratorConfig { EventCount = 30_001, Seed = 3, EventsPerSecond = 9_000 };
        GeneratorConfig[] timelines = GeneratorSource.TimelineConfigs(config, 3);

        Assert.Equal([10_001L, 10_000L, 10_000L], timelines.Select(t => t.EventCount));
        Assert.Equal([0L, 10_001L, 20_001L], timelines.Select(t => t.FirstEventId));
        Event[][] events = [.. timelines.Select(t => EventGenerator.Events(t))];
        foreach (Event[] timeline in events)
        {
            // Each at a third of the rate: the same stretch of event time as the whole run's.
            Assert.Equal(config.TimestampOf(0), timeline[0].DateTime);
            Assert.InRange(timeline[^1].DateTime, config.TimestampOf(config.EventCount - 3), config.TimestampOf(config.EventCount));
        }

        Assert.Empty(Ids(events[0], EventKind.Person).Intersect(Ids(events[1], EventKind.Person)));
        Assert.Empty(Ids(events[1], EventKind.Auction).Intersect(Ids(events[2], EventKind.Auction)));

        // The source reads each timeline as one split.
        var read = new List<Event>();
        foreach (ISource<Event> split in ((ISplitSource<Event>)GeneratorSource.ParallelTimelines(config, 3)).Splits)
        {
            await using ISourceReader<Event> reader = split.Open();
            read.AddRange(await ReadAll(reader));
        }

        Assert.Equal(events.SelectMany(e => e).Select(e => e.ToString()).Order(), read.Select(e => e.ToString()).Order());
    }

    [Theory]
    [InlineData(2, 1, 0.0)]
    [InlineData(3, 1, 0.1)]
    [InlineData(3, 2, 0.0)]
    [InlineData(2, 2, 0.1)]
    public async Task Timelines_are_delivered_in_turn_to_any_number_of_splits_and_a_reopened_split_continues(int timelines, int splits, double probDelayed)
    {
        var config = new GeneratorConfig { EventCount = 6_001, Seed = 5, EventsPerSecond = 6_000, ProbDelayedEvent = probDelayed };
        Event[][] byTimeline = [.. GeneratorSource.TimelineConfigs(config, timelines).Select(EventGenerator.Events)];

        // Delivery position d is event d / t of timeline d mod t; split i of n reads positions i, i + n, …
        Event[] delivered = [.. Enumerable.Range(0, (int)config.EventCount).Select(d => byTimeline[d % timelines][d / timelines])];
        ISource<Event> source = GeneratorSource.ParallelTimelines(config, timelines, splits);
        IReadOnlyList<ISource<Event>> parts = source is ISplitSource<Event> split ? split.Splits : [source];
        Assert.Equal(splits, parts.Count);
        for (int i = 0; i < splits; i++)
        {
            var part = (IRestorableSource<Event>)parts[i];
            await using ISourceReader<Event> reader = part.Open();
            List<Event> read = [.. (await reader.ReadBatchAsync(250, default)).ToArray()];
            long position = ((IPositionedReader)reader).Position;
            List<Event> rest = await ReadAll(reader);
            read.AddRange(rest);
            Assert.Equal(delivered.Where((_, d) => d % splits == i).Select(e => e.ToString()), read.Select(e => e.ToString()));

            await using ISourceReader<Event> reopened = part.Open(position);
            Assert.Equal(rest.Select(e => e.ToString()), (await ReadAll(reopened)).Select(e => e.ToString()));
        }
    }

    [Fact]
    public void Timelines_must_share_the_rate_evenly()
    {
        var error = Assert.Throws<ArgumentException>(() => GeneratorSource.TimelineConfigs(new GeneratorConfig { EventsPerSecond = 10_000 }, 3));
        Assert.Contains("EventsPerSecond (10000) must divide into 3 timelines", error.Message);
    }

    private static IEnumerable<long> Ids(Event[] events, EventKind kind) =>
        events.Where(e => e.Kind == kind).Select(e => kind == EventKind.Person ? e.Person.Id : e.Auction.Id);

    private static async Task<List<Event>> ReadAll(ISourceReader<Event> reader)
    {
        var events = new List<Event>();
        while (true)
        {
            ReadOnlyMemory<Event> batch = await reader.ReadBatchAsync(333, default);
            if (batch.IsEmpty)
            {
                return events;
            }

            events.AddRange(batch.ToArray());
        }
    }
}
