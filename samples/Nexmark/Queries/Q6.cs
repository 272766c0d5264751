using System.Globalization;
using System.Runtime.CompilerServices;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q6, average selling price by seller: the average final price of each seller's last 10 closed
/// auctions, after Beam's Query6 (README.md): an auction is sold at its highest bid placed while it was
/// open, <c>auction.dateTime &lt;= bid.dateTime &lt; auction.expires</c>, and at least its reserve; the
/// last 10 are those with the latest <c>expires</c>, ties broken by the larger auction id; the average
/// is rounded half up.
/// <para>
/// Two keyed stages. Keyed by auction id over auctions and bids together, <see cref="WinningBids{TRule}"/>
/// (Q4's, with Beam's rule) keeps each auction's highest qualifying bid and emits the sale when the
/// watermark reaches the auction's expiry. Keyed by seller, a process function keeps the 10 latest sales
/// (<see cref="LastSales"/>; sales from different subtasks may arrive in any order) and emits their
/// average on the final watermark: the value Beam reports last.
/// </para>
/// </summary>
[Pipeline]
public static partial class Q6
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
        WinningBids<BeforeExpiryAtLeastTheReserve>.Add(record, ref context);

    static void Close(ref KeyedContext<long, OpenAuction, Sale> context) => WinningBids<BeforeExpiryAtLeastTheReserve>.OnTimer(ref context);

    [KeyBy]
    static long Seller(in Sale sale) => sale.Terms.Seller;

    [Process(OnTimer = nameof(Report))]
    static void Remember(in Sale sale, ref KeyedContext<long, LastSales, (long Seller, long Average)> context)
    {
        if (context.State.Count == 0)
        {
            context.RegisterTimer(long.MaxValue); // the end of the input
        }

        context.State.Add(sale.Terms.Expires, sale.Auction, sale.Price);
    }

    static void Report(ref KeyedContext<long, LastSales, (long Seller, long Average)> context)
    {
        context.Emit((context.Key, context.State.RoundedAverage));
        context.ClearState();
    }

    [Map]
    static Q6Row Row(in (long Seller, long Average) seller) => new(seller.Seller, seller.Average);

    /// <summary>Beam's Query6: placed before the expiry, at least the reserve.</summary>
    private readonly struct BeforeExpiryAtLeastTheReserve : IWinningBidRule
    {
        public static bool Qualifies(long openedAt, in AuctionTerms auction, long bidTime, long price) =>
            bidTime >= openedAt && bidTime < auction.Expires && price >= auction.Reserve;
    }
}

/// <summary>
/// A seller's 10 latest sales by (<c>expires</c>, auction id), in any order, held inline: Q6's per-seller
/// state, a plain struct of 248 bytes, so the state table holds no object per seller. The default value is empty.
/// </summary>
public struct LastSales
{
    /// <summary>How many sales are kept: Beam's Query6 averages the last 10.</summary>
    public const int Capacity = 10;

    private Sales _sales;
    private int _count;

    /// <summary>How many sales are kept, at most <see cref="Capacity"/>.</summary>
    public readonly int Count => _count;

    /// <summary>Offers a sale; it replaces the earliest kept one if the state is full and it is later.</summary>
    public void Add(long expires, long auction, long price)
    {
        var sale = new Sale(expires, auction, price);
        if (_count < Capacity)
        {
            _sales[_count++] = sale;
            return;
        }

        int earliest = 0;
        for (int i = 1; i < Capacity; i++)
        {
            if (_sales[i].IsBefore(_sales[earliest]))
            {
                earliest = i;
            }
        }

        if (_sales[earliest].IsBefore(sale))
        {
            _sales[earliest] = sale;
        }
    }

    /// <summary>The average price of the kept sales, rounded half up (Beam: <c>Math.round(total / count)</c>); at least one sale.</summary>
    public readonly long RoundedAverage
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _sales[i].Price;
            }

            return (2 * sum + _count) / (2 * _count);
        }
    }

    private readonly record struct Sale(long Expires, long Auction, long Price)
    {
        /// <summary>Closed before <paramref name="other"/>: earlier expiry, or the same and a smaller auction id.</summary>
        public bool IsBefore(in Sale other) => Expires < other.Expires || (Expires == other.Expires && Auction < other.Auction);
    }

    [InlineArray(Capacity)]
    private struct Sales
    {
        private Sale _first;
    }
}

/// <summary>Q6's row: <c>seller,average</c>.</summary>
public readonly record struct Q6Row(long Seller, long Average) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Seller},{Average}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
