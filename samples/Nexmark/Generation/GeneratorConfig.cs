namespace Nexmark;

/// <summary>
/// Parameters of the NEXMark event generator. The defaults are those of nexmark/nexmark
/// (10,000 events per second, proportions 1:3:46, hot ratios 2/4/4, 100 in-flight auctions,
/// 1,000 active people) except where a default there depends on the wall clock or is never applied:
/// <see cref="BaseTime"/> is fixed and <see cref="ProbDelayedEvent"/> is 0.
/// </summary>
public sealed record GeneratorConfig
{
    /// <summary>Seeds every random choice; the same seed gives the same events on any machine.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>How many events a bounded run generates.</summary>
    public long EventCount { get; init; } = 100_000;

    /// <summary>
    /// The id of this generator's event 0, from which persons', auctions' and bids' ids and random
    /// choices follow; its event time is still <see cref="BaseTime"/>. One of several parallel
    /// timelines (<see cref="GeneratorSource.ParallelTimelines"/>) starts where the one before ends,
    /// so that no two share an id.
    /// </summary>
    public long FirstEventId { get; init; }

    /// <summary>Event time of event 0 in ms since the epoch: 2015-07-15T00:00:00Z, as in Beam's NEXMark.</summary>
    public long BaseTime { get; init; } = 1_436_918_400_000;

    /// <summary>Event-time rate: event n is timestamped <c>BaseTime + n * 1000 / EventsPerSecond</c>.</summary>
    public int EventsPerSecond { get; init; } = 10_000;

    public int PersonProportion { get; init; } = 1;
    public int AuctionProportion { get; init; } = 3;
    public int BidProportion { get; init; } = 46;

    /// <summary>A bid goes to a hot auction with probability 1 - 1/ratio (2: one bid in two).</summary>
    public int HotAuctionRatio { get; init; } = 2;

    /// <summary>An auction is sold by a hot seller with probability 1 - 1/ratio.</summary>
    public int HotSellersRatio { get; init; } = 4;

    /// <summary>A bid is placed by a hot bidder with probability 1 - 1/ratio.</summary>
    public int HotBiddersRatio { get; init; } = 4;

    /// <summary>Auctions open at once on average; sets auction lengths and the range of auctions bid on.</summary>
    public int NumInFlightAuctions { get; init; } = 100;

    /// <summary>The most recent people among whom sellers and bidders are drawn.</summary>
    public int NumActivePeople { get; init; } = 1_000;

    /// <summary>Average size in bytes each event kind is padded to with its Extra field.</summary>
    public int AvgPersonByteSize { get; init; } = 200;
    public int AvgAuctionByteSize { get; init; } = 500;
    public int AvgBidByteSize { get; init; } = 100;

    /// <summary>
    /// NEXMark's out-of-order groups: each run of this many consecutive events is delivered in a
    /// fixed pseudo-random order. 1 delivers events in timestamp order.
    /// </summary>
    public int OutOfOrderGroupSize { get; init; } = 1;

    /// <summary>Probability that an event is delivered late, by up to <see cref="OccasionalDelayMs"/>.</summary>
    public double ProbDelayedEvent { get; init; }

    /// <summary>The longest delivery delay of a delayed event, in event-time ms (NEXMark: 3 s).</summary>
    public long OccasionalDelayMs { get; init; } = 3_000;

    public int TotalProportion => PersonProportion + AuctionProportion + BidProportion;

    /// <summary>Event-time gap between consecutive events, in microseconds.</summary>
    public double InterEventDelayMicros => 1_000_000.0 / EventsPerSecond;

    /// <summary>Event time of the event with the given number (its id less <see cref="FirstEventId"/>).</summary>
    public long TimestampOf(long eventNumber) => BaseTime + eventNumber * 1000 / EventsPerSecond;

    /// <summary>
    /// A bound on lateness that delivery order never exceeds: every event's timestamp is at least the
    /// largest timestamp delivered before it minus this. A watermark with this out-of-orderness sees no late event.
    /// </summary>
    public long MaxOutOfOrdernessMs
    {
        get
        {
            // Events of one group span at most this much event time.
            long groupSpread = OutOfOrderGroupSize <= 1 ? 0 : TimestampOf(OutOfOrderGroupSize - 1) - TimestampOf(0) + 1;
            return ProbDelayedEvent > 0 ? OccasionalDelayMs + 2 * groupSpread : groupSpread;
        }
    }

    /// <summary>Throws when a parameter is out of range, naming it and the accepted range.</summary>
    public void Validate()
    {
        Require(EventCount >= 0, nameof(EventCount), "must be >= 0");
        Require(FirstEventId >= 0, nameof(FirstEventId), "must be >= 0");
        Require(EventsPerSecond is > 0 and <= 1_000_000_000, nameof(EventsPerSecond), "must be in 1..1e9");
        Require(PersonProportion > 0 && AuctionProportion > 0 && BidProportion > 0, "proportions", "must all be > 0");
        Require(HotAuctionRatio > 0 && HotSellersRatio > 0 && HotBiddersRatio > 0, "hot ratios", "must all be > 0");
        Require(NumInFlightAuctions > 0, nameof(NumInFlightAuctions), "must be > 0");
        Require(NumActivePeople > 0, nameof(NumActivePeople), "must be > 0");
        Require(AvgPersonByteSize is >= 0 and <= 100_000 && AvgAuctionByteSize is >= 0 and <= 100_000
                && AvgBidByteSize is >= 0 and <= 100_000, "average byte sizes", "must be in 0..100000");
        Require(OutOfOrderGroupSize > 0, nameof(OutOfOrderGroupSize), "must be > 0");
        Require(ProbDelayedEvent is >= 0 and <= 1, nameof(ProbDelayedEvent), "must be in [0, 1]");
        Require(OccasionalDelayMs > 0, nameof(OccasionalDelayMs), "must be > 0");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, $"GeneratorConfig.{name} {rule}.");
        }
    }
}
