using System.Buffers;
using CompiledFlow;

namespace Nexmark;

/// <summary>
/// The generated events as a CompiledFlow source that a checkpointed job can restart: split
/// <c>i</c> of <c>n</c> delivers the events at delivery positions <c>i, i + n, i + 2n, …</c>, and its
/// position is how many of them it has delivered. Without delays (the default config) the event at
/// a position is made on its own, so a restored split starts there at once; with delays a restored
/// split replays the delivery order up to its position.
/// </summary>
public sealed class GeneratorSource : IRestorableSource<Event>
{
    private readonly GeneratorConfig _config;
    private readonly int _split;
    private readonly int _splits;

    private GeneratorSource(GeneratorConfig config, int split, int splits)
    {
        config.Validate();
        _config = config;
        _split = split;
        _splits = splits;
    }

    /// <summary>The config's events in <paramref name="splits"/> splits read in parallel (one split is a plain source).</summary>
    public static ISource<Event> Create(GeneratorConfig config, int splits = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        return splits == 1
            ? new GeneratorSource(config, 0, 1)
            : Sources.FromSplits([.. Enumerable.Range(0, splits).Select(i => (ISource<Event>)new GeneratorSource(config, i, splits))]);
    }

    /// <summary>
    /// The config's events as <paramref name="timelines"/> parallel NEXMark timelines, as nexmark-flink
    /// splits its generator among source subtasks (<c>GeneratorConfig.split</c>): each timeline makes
    /// its share of the events at its share of the rate over the same stretch of event time, with ids
    /// of its own (<see cref="TimelineConfigs"/>). So a timeline's bids are for its own auctions, made
    /// on the same thread, as one timeline's are. Not the config's events: those are
    /// <see cref="Create"/>'s, at any number of splits.
    /// </summary>
    public static ISource<Event> ParallelTimelines(GeneratorConfig config, int timelines) =>
        Sources.FromSplits([.. TimelineConfigs(config, timelines).Select(timeline => (ISource<Event>)new GeneratorSource(timeline, 0, 1))]);

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
        long count = (_config.EventCount - _split + _splits - 1) / _splits; // positions of this split
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, count);
        return new Reader(this, position, count);
    }

    private sealed class Reader : ISourceReader<Event>, IPositionedReader
    {
        private readonly GeneratorSource _source;
        private readonly EventGenerator _generator;
        private readonly IEnumerator<Event>? _delivery; // only with delays: delivery order is not random access
        private readonly long _count;
        private Event[] _buffer = [];

        public Reader(GeneratorSource source, long position, long count)
        {
            _source = source;
            _generator = new EventGenerator(source._config);
            _count = count;
            Position = position;
            if (source._config.ProbDelayedEvent > 0)
            {
                _delivery = _generator.Generate().GetEnumerator();
                for (long skipped = 0; skipped < source._split + position * source._splits; skipped++)
                {
                    _delivery.MoveNext();
                }
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

            for (int i = 0; i < length; i++)
            {
                _buffer[i] = Next(Position + i);
            }

            Position += length;
            return ValueTask.FromResult<ReadOnlyMemory<Event>>(_buffer.AsMemory(0, length));
        }

        public ValueTask DisposeAsync()
        {
            _delivery?.Dispose();
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

        private Event Next(long position)
        {
            if (_delivery is null)
            {
                long delivery = _source._split + position * _source._splits;
                return _generator.EventAt(EventNumbering.EventIdAt(_source._config, delivery));
            }

            // This split's events are every n-th of the delivery order.
            _delivery.MoveNext();
            Event next = _delivery.Current;
            for (int skip = 1; skip < _source._splits && _delivery.MoveNext(); skip++)
            {
            }

            return next;
        }
    }
}
