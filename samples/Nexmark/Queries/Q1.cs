using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q1, currency conversion: every bid with its price in euros, <c>0.908 * price</c>. Flink
/// computes it as <c>DECIMAL(23, 3)</c>; a <see cref="decimal"/> product of a whole number of cents
/// and <c>0.908m</c> is exact with scale 3, so it prints as README.md's row does (100 → 90.800).
/// Stateless: one fused loop.
/// </summary>
[Pipeline]
public static partial class Q1
{
    const decimal EurosPerDollar = 0.908m;

    [Filter]
    static bool IsBid(in Event e) => e.Kind == EventKind.Bid;

    [Map]
    static Q1Row InEuros(in Event e)
    {
        Bid bid = e.Bid;
        return new Q1Row(bid.Auction, bid.Bidder, bid.Price * EurosPerDollar, bid.DateTime, bid.Extra);
    }
}

/// <summary>Q1's row: <c>auction,bidder,price,dateTime,extra</c>, the price in euros with 3 decimals.</summary>
public readonly record struct Q1Row(long Auction, long Bidder, decimal Price, long DateTime, string Extra) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Auction},{Bidder},{Price},{DateTime},{Extra}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
