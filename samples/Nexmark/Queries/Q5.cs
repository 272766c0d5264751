using System.Globalization;
using CompiledFlow;
using AuctionBids = CompiledFlow.WindowResult<long, long>;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q5, hot items: in every sliding window of 10 s every 2 s, the auctions with the most
/// bids, every auction tied for the most (nexmark/nexmark's q5.sql joins the per-auction counts
/// with their maximum per window, <c>num >= maxn</c>).
/// <para>
/// Two keyed stages. Stage 1 counts the bids of each auction in each sliding window, keyed by
/// auction; each count leaves as a <c>WindowResult&lt;long, long&gt;</c> (auction, window, count)
/// at event time <c>End - 1</c>. Stage 2 keys those counts by their sliding window and keeps, with a
/// <see cref="MaxTies{T}"/>, the counts tied for the highest, in a tumbling window of one slide
/// (2 s): every count of the sliding window <c>[S, S + 10 s)</c> has time <c>S + 10 s - 1</c>, so
/// they all fall in the 2 s window that ends when the sliding window does, and it fires as soon as
/// the watermark passes the sliding window's end. A FlatMap then emits the tied counts, unchanged,
/// and the last Map makes the row. Windows of different starts go to different subtasks.
/// </para>
/// </summary>
[Pipeline]
public static partial class Q5
{
    public const long WindowSizeMs = 10_000;
    public const long SlideMs = 2_000;

    [Filter]
    static bool IsBid(in Event e) => e.Kind == EventKind.Bid;

    // Only the columns the query reads: no string travels through the exchange or the state.
    [Map]
    static (long Auction, long DateTime) AuctionAndTime(in Event e) => (e.Bid.Auction, e.Bid.DateTime);

    [EventTime(MaxOutOfOrdernessMs = QueryTime.MaxOutOfOrdernessMs, MaxWatermarkDriftMs = QueryTime.MaxWatermarkDriftMs)]
    static long Time(in (long Auction, long DateTime) bid) => bid.DateTime;

    [KeyBy]
    static long Auction(in (long Auction, long DateTime) bid) => bid.Auction;

    [SlidingWindow(SizeMs = WindowSizeMs, SlideMs = SlideMs)]
    [Aggregate]
    static void CountBids(ref long count, in (long Auction, long DateTime) bid) => count++;

    [KeyBy]
    static long SlidingWindowStart(in AuctionBids counted) => counted.Start;

    [TumblingWindow(SizeMs = SlideMs)]
    [Aggregate]
    static void MostBids(ref MaxTies<AuctionBids> hottest, in AuctionBids counted) => hottest.Add(counted.Value, counted);

    [FlatMap]
    static void EachHottest(in WindowResult<long, MaxTies<AuctionBids>> window, ref Emitter<AuctionBids> output)
    {
        foreach (AuctionBids counted in window.Value)
        {
            output.Emit(counted);
        }
    }

    [Map]
    static Q5Row Row(in AuctionBids counted) => new(counted.Key, counted.Value, counted.Start, counted.End);
}

/// <summary>Q5's row: <c>auction,count,start,end</c> of the sliding window.</summary>
public readonly record struct Q5Row(long Auction, long Count, long Start, long End) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Auction},{Count},{Start},{End}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
