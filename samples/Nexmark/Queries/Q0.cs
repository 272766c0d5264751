using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q0, pass-through: every bid, all its fields. Measures the cost of reading the stream and
/// moving records; nexmark/nexmark's q0.sql is <c>SELECT auction, bidder, price, dateTime, extra FROM bid</c>
/// over its whole bid row. Stateless: one fused loop.
/// </summary>
[Pipeline]
public static partial class Q0
{
    [Filter]
    static bool IsBid(in Event e) => e.Kind == EventKind.Bid;

    [Map]
    static Q0Row Row(in Event e)
    {
        Bid bid = e.Bid;
        return new Q0Row(bid.Auction, bid.Bidder, bid.Price, bid.Channel, bid.Url, bid.DateTime, bid.Extra);
    }
}

/// <summary>Q0's row: <c>auction,bidder,price,channel,url,dateTime,extra</c>.</summary>
public readonly record struct Q0Row(long Auction, long Bidder, long Price, string Channel, string Url, long DateTime, string Extra)
    : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Auction},{Bidder},{Price},{Channel},{Url},{DateTime},{Extra}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
