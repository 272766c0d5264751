namespace CompiledFlow.Benchmarks.KeyedWindows;

/// <summary>The keyed workload: bids per auction in 10 s tumbling event-time windows.</summary>
[Pipeline]
public static partial class WindowedBidCount
{
    [EventTime(MaxOutOfOrdernessMs = KeyedBidData.MaxOutOfOrdernessMs)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = KeyedBidData.WindowSizeMs)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [Map]
    static WindowCount Result(in WindowResult<long, long> window) => new(window.Key, window.Start, window.Value);
}

/// <summary>One result of the keyed workload: an auction's bids in the window starting at <see cref="Start"/>.</summary>
public readonly record struct WindowCount(long Auction, long Start, long Count);

/// <summary>
/// The same count with the bid cut down to the two columns the count reads before the exchange (as
/// the NEXMark queries do): the keyed records the source chain writes are 32 bytes instead of 48.
/// </summary>
[Pipeline]
public static partial class WindowedBidCountNarrow
{
    [Map]
    static (long Auction, long DateTime) Columns(in Bid bid) => (bid.Auction, bid.DateTime);

    [EventTime(MaxOutOfOrdernessMs = KeyedBidData.MaxOutOfOrdernessMs)]
    static long Time(in (long Auction, long DateTime) bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in (long Auction, long DateTime) bid) => bid.Auction;

    [TumblingWindow(SizeMs = KeyedBidData.WindowSizeMs)]
    [Aggregate]
    static void Count(ref long count, in (long Auction, long DateTime) bid) => count++;

    [Map]
    static WindowCount Result(in WindowResult<long, long> window) => new(window.Key, window.Start, window.Value);
}
