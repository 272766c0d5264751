namespace Nexmark;

/// <summary>
/// Generates NEXMark events. Event number n is made from (config, n) alone: its timestamp is
/// <c>BaseTime + n * 1000 / EventsPerSecond</c>, and its id <c>FirstEventId + n</c> gives its kind,
/// its ids and the seed (Seed, id) of the SplitMix64 its random fields come from. Out-of-order settings change only the delivery order,
/// never the set of events, so a bounded run's query results do not depend on them.
/// Thread-safe; the strings events draw from are made once per seed and shared (<see cref="EventTexts"/>).
/// </summary>
public sealed partial class EventGenerator
{
    private const ulong EventStream = 1;
    private const ulong DelayStream = 2;

    private readonly EventTexts _texts;

    public EventGenerator(GeneratorConfig config)
    {
        config.Validate();
        Config = config;
        _texts = EventTexts.For(config);
    }

    public GeneratorConfig Config { get; }

    /// <summary>The event with the given number (its place in timestamp order).</summary>
    public Event EventAt(long eventNumber)
    {
        long timestamp = Config.TimestampOf(eventNumber);
        long eventId = Config.FirstEventId + eventNumber;
        var random = SplitMix64.For(Config.Seed, eventId, EventStream);
        EventPlace place = EventNumbering.PlaceOf(Config, eventId);
        return place.Kind switch
        {
            EventKind.Person => Event.Of(NextPerson(place, timestamp, ref random)),
            EventKind.Auction => Event.Of(NextAuction(eventNumber, place, timestamp, ref random)),
            _ => Event.Of(NextBid(place, timestamp, ref random)),
        };
    }

    public IEnumerable<Event> Generate() => Config.ProbDelayedEvent > 0 ? GenerateWithDelays() : GenerateInGroups();

    public static IEnumerable<Event> Generate(GeneratorConfig config) => new EventGenerator(config).Generate();

    public static Event[] Events(GeneratorConfig config) => Generate(config).ToArray();

    /// <summary>
    /// The events of <paramref name="config"/>'s parallel timelines (<see cref="GeneratorSource.ParallelTimelines"/>)
    /// in one array, in time order: what a job reading those timelines reads, for a reference run or an oracle.
    /// </summary>
    public static Event[] TimelineEvents(GeneratorConfig config, int timelines) =>
        [.. GeneratorSource.TimelineConfigs(config, timelines).SelectMany(Generate).OrderBy(e => e.DateTime)];

    /// <summary>The bids among the config's events, in delivery order.</summary>
    public static Bid[] Bids(GeneratorConfig config) => Select(config, EventKind.Bid, static e => e.Bid);

    /// <summary>The people among the config's events, in delivery order.</summary>
    public static Person[] Persons(GeneratorConfig config) => Select(config, EventKind.Person, static e => e.Person);

    /// <summary>The auctions among the config's events, in delivery order.</summary>
    public static Auction[] Auctions(GeneratorConfig config) => Select(config, EventKind.Auction, static e => e.Auction);

    private static T[] Select<T>(GeneratorConfig config, EventKind kind, Func<Event, T> payload)
    {
        var result = new List<T>(capacity: (int)Math.Min(int.MaxValue / 2, CountOf(config, kind)));
        foreach (Event e in Generate(config))
        {
            if (e.Kind == kind)
            {
                result.Add(payload(e));
            }
        }

        return result.ToArray();
    }

    // Exact: ids 0..EventCount-1 are always delivered, whatever the order.
    private static long CountOf(GeneratorConfig config, EventKind kind)
    {
        long count = 0;
        long fullBlocks = config.EventCount / config.TotalProportion;
        long rest = config.EventCount % config.TotalProportion;
        (long from, long to) = kind switch
        {
            EventKind.Person => (0L, (long)config.PersonProportion),
            EventKind.Auction => (config.PersonProportion, config.PersonProportion + config.AuctionProportion),
            _ => (config.PersonProportion + config.AuctionProportion, config.TotalProportion),
        };
        count += fullBlocks * (to - from);
        count += Math.Max(0, Math.Min(rest, to) - from);
        return count;
    }

    private IEnumerable<Event> GenerateInGroups()
    {
        for (long position = 0; position < Config.EventCount; position++)
        {
            yield return EventAt(EventNumbering.EventIdAt(Config, position));
        }
    }

    /// <summary>
    /// Delays some events: the event at delivery position p is due at <c>TimestampOf(p) + delay</c>,
    /// delay 0 or, with probability ProbDelayedEvent, 1..OccasionalDelayMs; events leave in order of
    /// (due, position). No later position can be due before TimestampOf(p + 1), which bounds the buffer.
    /// </summary>
    private IEnumerable<Event> GenerateWithDelays()
    {
        var pending = new PriorityQueue<Event, (long Due, long Position)>();
        for (long position = 0; position < Config.EventCount; position++)
        {
            long eventNumber = EventNumbering.EventIdAt(Config, position);
            pending.Enqueue(EventAt(eventNumber), (Config.TimestampOf(position) + DelayOf(eventNumber), position));
            long horizon = Config.TimestampOf(position + 1);
            while (pending.TryPeek(out Event next, out var due) && due.Due <= horizon)
            {
                pending.Dequeue();
                yield return next;
            }
        }

        while (pending.TryDequeue(out Event next, out _))
        {
            yield return next;
        }
    }

    private long DelayOf(long eventNumber)
    {
        var random = SplitMix64.For(Config.Seed, Config.FirstEventId + eventNumber, DelayStream);
        return random.NextDouble() < Config.ProbDelayedEvent ? 1 + random.NextLong(Config.OccasionalDelayMs) : 0;
    }
}
