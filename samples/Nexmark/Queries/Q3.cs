using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q3, local item suggestion: the auctions in category 10 whose seller lives in Oregon, Idaho
/// or California, with the seller's name, city and state (nexmark/nexmark's q3.sql: a regular join of
/// all auctions with all people on <c>a.seller = p.id</c>, no window).
/// <para>
/// An interval join whose bounds span any two event times (<see cref="AnyTimeApartMs"/>, about
/// 73 million years either way), so every auction meets its seller whichever came first and however
/// far apart: a regular join. Like Flink's regular join without state TTL, it keeps the records of
/// both sides until the end of the input. Each side is filtered and cut down to the columns the row
/// needs before the exchange; both are keyed by the person id. (A <c>[Process]</c> keyed by person over
/// both sides could forget an auction once its seller is known, people being unique, but would write the
/// join by hand: auctions waiting for their seller, and the pairing. The join says what q3.sql says.)
/// </para>
/// </summary>
[Pipeline]
public static partial class Q3
{
    /// <summary>
    /// Wider than the distance between any two event times (and far enough from <see cref="long.MaxValue"/>
    /// that the join's arithmetic on times and bounds does not overflow).
    /// </summary>
    public const long AnyTimeApartMs = long.MaxValue / 4;

    public const long Category = 10;

    [EventTime(MaxOutOfOrdernessMs = QueryTime.MaxOutOfOrdernessMs, MaxWatermarkDriftMs = QueryTime.MaxWatermarkDriftMs)]
    static long Time(in Event e) => e.DateTime;

    [JoinInput]
    public static partial class Sellers
    {
        [Filter]
        static bool IsLocalPerson(in Event e) => e.Kind == EventKind.Person && e.Person.State is "OR" or "ID" or "CA";

        [Map]
        static LocalSeller Seller(in Event e) => new(e.Person.Id, e.Person.Name, e.Person.City, e.Person.State);

        [KeyBy]
        static long Id(in LocalSeller seller) => seller.Id;
    }

    [JoinInput]
    public static partial class Items
    {
        [Filter]
        static bool IsAuctionInCategory(in Event e) => e.Kind == EventKind.Auction && e.Auction.Category == Category;

        [Map]
        static (long Id, long Seller) Item(in Event e) => (e.Auction.Id, e.Auction.Seller);

        [KeyBy]
        static long Seller(in (long Id, long Seller) item) => item.Seller;
    }

    [IntervalJoin(LowerMs = -AnyTimeApartMs, UpperMs = AnyTimeApartMs)]
    static (LocalSeller Seller, long Auction) SoldBy(in LocalSeller seller, in (long Id, long Seller) item) => (seller, item.Id);

    [Map]
    static Q3Row Row(in (LocalSeller Seller, long Auction) sold) =>
        new(sold.Seller.Name, sold.Seller.City, sold.Seller.State, sold.Auction);
}

/// <summary>A person of Q3's states: the columns the row takes, and the join key.</summary>
public readonly record struct LocalSeller(long Id, string Name, string City, string State);

/// <summary>Q3's row: <c>name,city,state,auctionId</c>.</summary>
public readonly record struct Q3Row(string Name, string City, string State, long AuctionId) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Name},{City},{State},{AuctionId}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
