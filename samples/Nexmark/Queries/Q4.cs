using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q4, average price per category: the average final price of the auctions of each category,
/// an auction's final price being its highest bid placed while it was open,
/// <c>auction.dateTime &lt;= bid.dateTime &lt;= auction.expires</c> (nexmark/nexmark's q4.sql; the reserve
/// is not checked), and the average Flink's <c>AVG</c> over <c>BIGINT</c>: the integer quotient.
/// <para>
/// Two keyed stages. Keyed by auction id over auctions and bids together, <see cref="WinningBids{TRule}"/>
/// keeps each auction's highest bid and emits the sale when the watermark reaches the auction's expiry.
/// Keyed by category, a process function adds up the final prices and emits the average on the final
/// watermark (a timer at <see cref="long.MaxValue"/>): in a bounded run, one row per category with at
/// least one sale, the value Flink's updating result ends at.
/// </para>
/// </summary>
[Pipeline]
public static partial class Q4
{
    [Filter]
    static bool IsAuctionOrBid(in Event e) => e.Kind != EventKind.Person;

    // Only the columns the query reads: no string travels through the exchange or the state.
    [Map]
    static AuctionOrBid Columns(in Event e) => AuctionOrBid.Of(e);

    [EventTime(MaxOutOfOrdernessMs = QueryTime.MaxOutOfOrdernessMs, MaxWatermarkDriftMs = QueryTime.MaxWatermarkDriftMs)]
    static long Time(in AuctionOrBid record) => record.DateTime;

    [KeyBy]
    static long Auction(in AuctionOrBid record) => record.AuctionId;

    [Process(OnTimer = nameof(Close))]
    static void Highest(in AuctionOrBid record, ref KeyedContext<long, OpenAuction, Sale> context) =>
        WinningBids<WhileOpen>.Add(record, ref context);

    static void Close(ref KeyedContext<long, OpenAuction, Sale> context) => WinningBids<WhileOpen>.OnTimer(ref context);

    [KeyBy]
    static long Category(in Sale sale) => sale.Terms.Category;

    [Process(OnTimer = nameof(Report))]
    static void AddFinalPrice(in Sale sale, ref KeyedContext<long, PriceTotal, (long Category, long Average)> context)
    {
        ref PriceTotal total = ref context.State;
        if (total.Count == 0)
        {
            context.RegisterTimer(long.MaxValue); // the end of the input
        }

        total.Sum += sale.Price;
        total.Count++;
    }

    static void Report(ref KeyedContext<long, PriceTotal, (long Category, long Average)> context)
    {
        context.Emit((context.Key, context.State.Sum / context.State.Count));
        context.ClearState();
    }

    [Map]
    static Q4Row Row(in (long Category, long Average) category) => new(category.Category, category.Average);

    /// <summary>q4.sql's <c>b.dateTime BETWEEN a.dateTime AND a.expires</c>, whatever the price.</summary>
    private readonly struct WhileOpen : IWinningBidRule
    {
        public static bool Qualifies(long openedAt, in AuctionTerms auction, long bidTime, long price) =>
            bidTime >= openedAt && bidTime <= auction.Expires;
    }
}

/// <summary>The final prices of a category's auctions so far: Q4's per-category state.</summary>
public struct PriceTotal
{
    public long Sum;
    public long Count;
}

/// <summary>Q4's row: <c>category,average</c>.</summary>
public readonly record struct Q4Row(long Category, long Average) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Category},{Average}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
