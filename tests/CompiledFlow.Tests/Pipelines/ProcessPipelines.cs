using System;

namespace CompiledFlow.Tests.Pipelines;

public struct FirstSeen
{
    public bool Seen;
}

/// <summary>Deduplication: the first bid of each bidder, then nothing from that bidder for 10 s of event time.</summary>
[Pipeline]
public static partial class FirstBids
{
    [EventTime(MaxOutOfOrdernessMs = 0)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Bidder(in Bid bid) => bid.Bidder;

    [Process(OnTimer = nameof(Forget))]
    static void FirstOnly(in Bid bid, ref KeyedContext<long, FirstSeen, Bid> context)
    {
        if (context.State.Seen)
        {
            return;
        }

        context.State.Seen = true;
        context.Emit(bid);
        context.RegisterTimer(context.Timestamp + 10_000);
    }

    static void Forget(ref KeyedContext<long, FirstSeen, Bid> context) => context.ClearState();
}

/// <summary>The last three prices of a bidder, oldest first.</summary>
public struct LastPrices
{
    public long Count;
    public long P0;
    public long P1;
    public long P2;
}

/// <summary>A "last N events" feature: on every bid, the bidder's average price over its last 3 bids.</summary>
[Pipeline]
public static partial class RecentAveragePrice
{
    [KeyBy]
    static long Bidder(in Bid bid) => bid.Bidder;

    [Process]
    static void Average(in Bid bid, ref KeyedContext<long, LastPrices, (long Bidder, long Price, double Average)> context)
    {
        ref LastPrices last = ref context.State;
        (last.P0, last.P1, last.P2) = (last.P1, last.P2, bid.Price);
        last.Count = Math.Min(last.Count + 1, 3);
        double sum = last.Count switch { 1 => last.P2, 2 => last.P1 + last.P2, _ => last.P0 + last.P1 + last.P2 };
        context.Emit((bid.Bidder, bid.Price, sum / last.Count));
    }
}

/// <summary>Operator methods named like the generated structs' own methods (Add, OnTimer) must still be the ones called.</summary>
[Pipeline]
public static partial class ShadowingNames
{
    [EventTime(MaxOutOfOrdernessMs = 0)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Bidder(in Bid bid) => bid.Bidder;

    [Process(OnTimer = nameof(OnTimer))]
    static void ProcessElement(in Bid bid, ref KeyedContext<long, long, Bid> context)
    {
        context.State++;
        context.RegisterTimer(context.Timestamp + 1_000);
    }

    static void OnTimer(ref KeyedContext<long, long, Bid> context) =>
        context.Emit(new Bid(0, context.Key, context.State, context.Timestamp));

    [KeyBy]
    static long Key(in Bid bid) => bid.Bidder;

    [TumblingWindow(SizeMs = 1_000_000)]
    [Aggregate]
    static void Add(ref long total, in Bid bid) => total += bid.Price;

    [Map]
    static (long Bidder, long Total) Result(in WindowResult<long, long> window) => (window.Key, window.Value);
}
