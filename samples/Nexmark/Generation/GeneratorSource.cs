using System.Buffers;
using CompiledFlow;

namespace Nexmark;

/// <summary>
/// The generated events as a CompiledFlow source that a checkpointed job can restart. The events
/// come from one NEXMark timeline, or from several made side by side (<see cref="ParallelTimelines"/>),
/// whose events are delivered in turn: delivery position <c>d</c> is event <c>d / t</c> of timeline
/// <c>d mod t</c>. Split <c>i</c> of <c>n</c> delivers positions <c>i, i + n, i + 2n, …</c>, and its
/// position is how many of them it has delivered. Without delays (the default config) the event at
/// a position is made on its own, so a restored split starts there at once; with delays a restored
/// split replays each timeline's delivery order up to its position.
/// </summary>
public sealed class GeneratorSource : IRestorableSource<Event>
{
    private readonly GeneratorConfig[] _timelines;
    private readonly int _split;
    private readonly int _splits;

    private GeneratorSource(GeneratorConfig[] timelines, int split, int splits)
    {
        foreach (GeneratorConfig timeline in timelines)
        {
            timeline.Validate();
        }

        _timelines = timelines;
        _split = split;
        _splits = splits;
    }

    /// <summary>The config's events in <paramref name="splits"/> splits read in parallel (one split is a plain source).</summary>
    public static ISource<Event> Create(GeneratorConfig config, int splits = 1) => Split([config], splits);

    /// <summary>
    /// The config's events as <paramref name="timelines"/> parallel NEXMark timelines, as nexmark-flink
    /// splits its generator among source subtasks (<c>GeneratorConfig.split</c>): each timeline makes
    /// its share of the events at its share of the rate over the same stretch of event time, with ids
    /// of its own (<see cref="TimelineConfigs"/>). By default each timeline is a split of its own, so a
    /// timeline's bids are for its own auctions, made on the same thread, as one timeline's are;
    /// <paramref name="splits"/> 1 reads them all, in turn, as one split (the same events at
    /// parallelism 1). Not the config's events: those are <see cref="Create"/>'s, at any number of splits.
    /// </summary>
    public static ISource<Event> ParallelTimelines(GeneratorConfig config, int timelines, int? splits = null) =>
        Split(TimelineConfigs(config, timelines), splits ?? timelines);

    private static ISource<Event> Split(GeneratorConfig[] timelines, int splits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        return splits == 1
            ? new GeneratorSource(timelines, 0, 1)
            : Sources.FromSplits([.. Enumerable.Range(0, splits).Select(i => (ISource<Event>)new GeneratorSource(timelines, i, splits))]);
    }

    /// <summary>
    /// The configs of <see cref="ParallelTimelines"/>: timeline i has <c>EventCount / timelines</c> events
    /// (the first <c>EventCount % timelines</c> one more), <c>EventsPerSecond / timelines</c> of them per
    /// second, and ids from where timeline i - 1's end.
    /// </summary>
    public static GeneratorConfig[] TimelineConfigs(GeneratorConfig config, int timelines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timelines, 1);
        config.Validate();
        if (config.EventsPerSecond % timelines != 0)
        {
            throw new ArgumentException(
                $"GeneratorConfig.EventsPerSecond ({config.EventsPerSecond}) must divide into {timelines} timelines of equal rate.", nameof(timelines));
        }

        var configs = new GeneratorConfig[timelines];
        long firstEventId = config.FirstEventId;
        for (int i = 0; i < timelines; i++)
        {
            long count = config.EventCount / timelines + (i < config.EventCount % timelines ? 1 : 0);
            configs[i] = config with { FirstEventId = firstEventId, EventCount = count, EventsPerSecond = config.EventsPerSecond / timelines };
            firstEventId += count;
        }

        return configs;
    }

    /// <inheritdoc />
    public ISourceReader<Event> Open() => Open(0);

    /// <inheritdoc />
    public ISourceReader<Event> Open(long position)
    {
        long events = _timelines.Sum(timeline => timeline.EventCount);
        long count = (events - _split + _splits - 1) / _splits; // positions of this split
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, count);
        return new Reader(this, position, count);
    }

    private sealed class Reader : ISourceReader<Event>, IPositionedReader
    {
        private readonly GeneratorSource _source;
        private readonly EventGenerator[] _generators;
        private readonly IEnumerator<Event>[]? _deliveries; // only with delays: delivery order is not random access
        private readonly long[] _delivered; // with delays: how many events of each timeline's delivery order were read
        private readonly long _count;
        private Event[] _buffer = [];

        public Reader(GeneratorSource source, long position, long count)
        {
            _source = source;
            _generators = [.. source._timelines.Select(timeline => new EventGenerator(timeline))];
            _count = count;
            _delivered = new long[_generators.Length];
            Position = position;
            if (source._timelines[0].ProbDelayedEvent > 0)
            {
                _deliveries = [.. _generators.Select(generator => generator.Generate().GetEnumerator())];
            }
        }

        public long Position { get; private set; }

        public ValueTask<ReadOnlyMemory<Event>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            int length = (int)Math.Min(maxCount, _count - Position);
            if (_buffer.Length < length)
            {
                ReturnBuffer();
                _buffer = ArrayPool<Event>.Shared.Rent(length); // pooled: a new run's splits reuse the last run's buffers
            }

            // Delivery positions split, split + splits, …: walked timeline by timeline without a division per event.
            int timelines = _generators.Length;
            long delivery = _source._split + Position * _source._splits;
            int timeline = (int)(delivery % timelines);
            long local = delivery / timelines; // the position in that timeline's delivery order
            int timelineStep = _source._splits % timelines;
            long localStep = _source._splits / timelines;
            for (int i = 0; i < length; i++)
            {
                _buffer[i] = Next(timeline, local);
                timeline += timelineStep;
                local += localStep;
                if (timeline >= timelines)
                {
                    timeline -= timelines;
                    local++;
                }
            }

            Position += length;
            return ValueTask.FromResult<ReadOnlyMemory<Event>>(_buffer.AsMemory(0, length));
        }

        public ValueTask DisposeAsync()
        {
            foreach (IEnumerator<Event> delivery in _deliveries ?? [])
            {
                delivery.Dispose();
            }

            ReturnBuffer();
            return ValueTask.CompletedTask;
        }

        private void ReturnBuffer()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<Event>.Shared.Return(_buffer, clearArray: true);
                _buffer = [];
            }
        }

        private Event Next(int timeline, long local)
        {
            if (_deliveries is null)
            {
                return _generators[timeline].EventAt(EventNumbering.EventIdAt(_source._timelines[timeline], local));
            }

            // This split reads some of the timeline's delivery order: skip the events before this one.
            IEnumerator<Event> order = _deliveries[timeline];
            while (_delivered[timeline] <= local)
            {
                order.MoveNext();
                _delivered[timeline]++;
            }

            return order.Current;
        }
    }
}
