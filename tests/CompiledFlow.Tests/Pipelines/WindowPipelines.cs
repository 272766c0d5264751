using System;

namespace CompiledFlow.Tests.Pipelines;

public struct PriceStats
{
    public long Count;
    public long Max;
}

/// <summary>DESIGN.md's example: per auction, count and top price of valid bids in 10 s tumbling windows.</summary>
[Pipeline]
public static partial class HotAuctions
{
    [Filter]
    static bool Valid(in Bid bid) => bid.Price > 0;

    [EventTime(MaxOutOfOrdernessMs = 2_000)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Stats(ref PriceStats stats, in Bid bid)
    {
        stats.Count++;
        stats.Max = Math.Max(stats.Max, bid.Price);
    }

    [Map]
    static (long Auction, long End, long Count, long Max) Result(in WindowResult<long, PriceStats> window) =>
        (window.Key, window.End, window.Value.Count, window.Value.Max);
}

/// <summary>Bids per bidder in 10 s windows sliding by 5 s, with late data allowed for 1 s; then the busiest bidder per window.</summary>
[Pipeline]
public static partial class BusyBidders
{
    [EventTime(MaxOutOfOrdernessMs = 500)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Bidder(in Bid bid) => bid.Bidder;

    [SlidingWindow(SizeMs = 10_000, SlideMs = 5_000, AllowedLatenessMs = 1_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [KeyBy]
    static long WindowEnd(in WindowResult<long, long> window) => window.End;

    [TumblingWindow(SizeMs = 5_000)]
    [Aggregate]
    static void Busiest(ref BidderCount best, in WindowResult<long, long> window)
    {
        if (window.Value > best.Count || (window.Value == best.Count && window.Key < best.Bidder))
        {
            best = new BidderCount(window.Key, window.Value);
        }
    }

    [Map]
    static (long End, long Bidder, long Count) Result(in WindowResult<long, BidderCount> window) =>
        (window.Key, window.Value.Bidder, window.Value.Count);
}

public readonly record struct BidderCount(long Bidder, long Count);

/// <summary>Bidder sessions that end after 3 s without a bid; sessions bridged by a bid merge their counts.</summary>
[Pipeline]
public static partial class BidderSessions
{
    [EventTime(MaxOutOfOrdernessMs = 1_000)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Bidder(in Bid bid) => bid.Bidder;

    [SessionWindow(GapMs = 3_000, Merge = nameof(Combine))]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    static void Combine(ref long into, in long other) => into += other;

    [Map]
    static (long Bidder, long Start, long End, long Count) Result(in WindowResult<long, long> session) =>
        (session.Key, session.Start, session.End, session.Value);
}

/// <summary>Counts per auction in 10 s windows that stay open 5 s after firing for late bids.</summary>
[Pipeline]
public static partial class LateTolerantCounts
{
    [EventTime(MaxOutOfOrdernessMs = 0)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000, AllowedLatenessMs = 5_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.End, window.Value);
}

/// <summary>Counts per auction in 10 s windows; a source split silent for 200 ms stops holding the watermark back.</summary>
[Pipeline]
public static partial class IdleTolerantCounts
{
    [EventTime(MaxOutOfOrdernessMs = 0, IdleTimeoutMs = 200)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.End, window.Value);
}

/// <summary>Counts per auction in 10 s windows; a source split more than 5 s of event time ahead of the slowest pauses.</summary>
[Pipeline]
public static partial class AlignedCounts
{
    [EventTime(MaxOutOfOrdernessMs = 0, MaxWatermarkDriftMs = 5_000)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.End, window.Value);
}

/// <summary>
/// <see cref="AlignedCounts"/> whose aggregate stops at a bid priced 99 until <see cref="Gate"/> is
/// set: a test holds a subtask's run there to see which split runs it.
/// </summary>
[Pipeline]
public static partial class AlignedGatedCounts
{
    public static readonly System.Threading.ManualResetEventSlim Gate = new(initialState: false);

    public static readonly System.Threading.ManualResetEventSlim AtGate = new(initialState: false);

    [EventTime(MaxOutOfOrdernessMs = 0, MaxWatermarkDriftMs = 5_000)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid)
    {
        if (bid.Price == 99)
        {
            AtGate.Set();
            Gate.Wait();
        }

        count++;
    }

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.End, window.Value);
}

/// <summary><see cref="AlignedCounts"/> where a split silent for 200 ms is idle, and then holds no other back.</summary>
[Pipeline]
public static partial class AlignedIdleTolerantCounts
{
    [EventTime(MaxOutOfOrdernessMs = 0, IdleTimeoutMs = 200, MaxWatermarkDriftMs = 5_000)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.End, window.Value);
}

/// <summary>Fails on the window of an auction with three bids or more: for error reporting in keyed stages.</summary>
[Pipeline]
public static partial class FragileCounts
{
    [EventTime(MaxOutOfOrdernessMs = 0)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [Map]
    static long Checked(in WindowResult<long, long> window) =>
        window.Value < 3 ? window.Value : throw new InvalidOperationException($"too many bids for auction {window.Key}");
}

/// <summary>
/// Bids per auction in 10 s windows, in two phases (Flink's local-global aggregation): each source
/// split counts its own bids under a local [KeyBy], then an auction's partial counts meet and add up.
/// </summary>
[Pipeline]
public static partial class TwoPhaseCounts
{
    [EventTime(MaxOutOfOrdernessMs = 500, IdleTimeoutMs = 200)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy(Local = true)]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [KeyBy]
    static long SameAuction(in WindowResult<long, long> partial) => partial.Key;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void AddUp(ref long count, in WindowResult<long, long> partial) => count += partial.Value;

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.End, window.Value);
}

/// <summary>
/// <see cref="TwoPhaseCounts"/> without the idle timeout, for tests that need exact counts however
/// long a split pauses: on a loaded machine, or while a restored job starts, a split can be silent
/// for more than 200 ms, and its partials would then reach the merging stage late.
/// </summary>
[Pipeline]
public static partial class PatientTwoPhaseCounts
{
    [EventTime(MaxOutOfOrdernessMs = 500)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy(Local = true)]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [KeyBy]
    static long SameAuction(in WindowResult<long, long> partial) => partial.Key;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void AddUp(ref long count, in WindowResult<long, long> partial) => count += partial.Value;

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.End, window.Value);
}

/// <summary>The first phase of <see cref="TwoPhaseCounts"/> alone: each source split's own bids per auction and 10 s window.</summary>
[Pipeline]
public static partial class SplitCounts
{
    [EventTime(MaxOutOfOrdernessMs = 500)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy(Local = true)]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [Map]
    static (long Auction, long End, long Count) Result(in WindowResult<long, long> window) => (window.Key, window.End, window.Value);
}

/// <summary>
/// Bids per 10 s window in three stages: counted per auction, then summed by each subtask of that
/// stage under a local [KeyBy] (a local stage after a keyed one), then the subtasks' sums merged.
/// </summary>
[Pipeline]
public static partial class LocalWindowTotals
{
    [EventTime(MaxOutOfOrdernessMs = 500)]
    static long Time(in Bid bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in Bid bid) => bid.Auction;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Count(ref long count, in Bid bid) => count++;

    [KeyBy(Local = true)]
    static long WindowEnd(in WindowResult<long, long> perAuction) => perAuction.End;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void SubtaskTotal(ref long total, in WindowResult<long, long> perAuction) => total += perAuction.Value;

    [KeyBy]
    static long SameWindow(in WindowResult<long, long> partial) => partial.Key;

    [TumblingWindow(SizeMs = 10_000)]
    [Aggregate]
    static void Total(ref long total, in WindowResult<long, long> partial) => total += partial.Value;

    [Map]
    static (long End, long Count) Result(in WindowResult<long, long> window) => (window.Key, window.Value);
}
