namespace Nexmark;

/// <summary>Which of the three payloads an <see cref="Event"/> carries.</summary>
public enum EventKind : byte
{
    Person,
    Auction,
    Bid,
}

/// <summary>
/// One element of the mixed NEXMark stream. A tagged struct rather than a class hierarchy, so that
/// arrays of events hold no object per event and a pipeline can filter by <see cref="Kind"/> without
/// a type test; only the payload named by <see cref="Kind"/> is meaningful, the others are default.
/// </summary>
public readonly record struct Event(EventKind Kind, Person Person, Auction Auction, Bid Bid)
{
    public static Event Of(in Person person) => new(EventKind.Person, person, default, default);

    public static Event Of(in Auction auction) => new(EventKind.Auction, default, auction, default);

    public static Event Of(in Bid bid) => new(EventKind.Bid, default, default, bid);

    /// <summary>The event time of the payload, in milliseconds since the epoch.</summary>
    public long DateTime => Kind switch
    {
        EventKind.Person => Person.DateTime,
        EventKind.Auction => Auction.DateTime,
        _ => Bid.DateTime,
    };

    /// <summary>The payload only, e.g. <c>Bid { Auction = 1000, ... }</c>.</summary>
    public override string ToString() => Kind switch
    {
        EventKind.Person => Person.ToString(),
        EventKind.Auction => Auction.ToString(),
        _ => Bid.ToString(),
    };
}
