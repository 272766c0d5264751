using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q7, highest bid: the bids with the highest price of each 10 s tumbling window, every bid
/// tied for it (README.md: a bid counts only in its own window, where q7.sql's <c>BETWEEN</c> would
/// also take a bid at exactly the window's end).
/// <para>
/// Two keyed stages, as Flink's local-global aggregation of the window maximum. Stage 1 is local
/// (<c>[KeyBy(Local = true)]</c>): each source split keeps with a <see cref="MaxTies{T}"/> the highest
/// bids of its own share of each window, so no bid leaves the core that read it, however the bids
/// of a window are spread. Stage 2 keys those partial results by window and merges them (same
/// window size, so each lands in its own window again, at time <c>End - 1</c>); a FlatMap emits the
/// winning bids with their window and the last Map makes the row.
/// </para>
/// </summary>
[Pipeline]
public static partial class Q7
{
    public const long WindowSizeMs = 10_000;

    [Filter]
    static bool IsBid(in Event e) => e.Kind == EventKind.Bid;

    // Only the columns the row reads: one string instead of three travels through the exchange.
    [Map]
    static Q7Bid Columns(in Event e) => new(e.Bid.Auction, e.Bid.Bidder, e.Bid.Price, e.Bid.DateTime, e.Bid.Extra);

    // No watermark alignment: it bounds the state of a keyed stage fed by splits that drift apart, and
    // here each split's windows fire on its own watermark; the merging stage holds a partial per split and window.
    [EventTime(MaxOutOfOrdernessMs = QueryTime.MaxOutOfOrdernessMs)]
    static long Time(in Q7Bid bid) => bid.DateTime;

    // One key: the whole of the split's share of a window.
    [KeyBy(Local = true)]
    static int WholeSplit(in Q7Bid bid) => 0;

    [TumblingWindow(SizeMs = WindowSizeMs)]
    [Aggregate]
    static void HighestOfSplit(ref MaxTies<Q7Bid> highest, in Q7Bid bid) => highest.Add(bid.Price, bid);

    [KeyBy]
    static long WindowStart(in WindowResult<int, MaxTies<Q7Bid>> ofSplit) => ofSplit.Start;

    [TumblingWindow(SizeMs = WindowSizeMs)]
    [Aggregate]
    static void HighestOfWindow(ref MaxTies<Q7Bid> highest, in WindowResult<int, MaxTies<Q7Bid>> ofSplit) =>
        highest.Merge(ofSplit.Value);

    [FlatMap]
    static void EachHighest(in WindowResult<long, MaxTies<Q7Bid>> window, ref Emitter<(Q7Bid Bid, long Start, long End)> output)
    {
        foreach (Q7Bid bid in window.Value)
        {
            output.Emit((bid, window.Start, window.End));
        }
    }

    [Map]
    static Q7Row Row(in (Q7Bid Bid, long Start, long End) highest) =>
        new(highest.Bid.Auction, highest.Bid.Bidder, highest.Bid.Price, highest.Bid.DateTime, highest.Bid.Extra, highest.Start, highest.End);
}

/// <summary>The columns of a bid Q7's row reads.</summary>
public readonly record struct Q7Bid(long Auction, long Bidder, long Price, long DateTime, string Extra);

/// <summary>Q7's row: <c>auction,bidder,price,dateTime,extra,start,end</c>.</summary>
public readonly record struct Q7Row(long Auction, long Bidder, long Price, long DateTime, string Extra, long Start, long End)
    : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Auction},{Bidder},{Price},{DateTime},{Extra},{Start},{End}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
