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
