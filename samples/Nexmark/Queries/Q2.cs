using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q2, selection: the bids on every 123rd auction (nexmark/nexmark's q2.sql,
/// <c>WHERE MOD(auction, 123) = 0</c>). Stateless: one fused loop.
/// </summary>
[Pipeline]
public static partial class Q2
{
    [Filter]
    static bool IsBid(in Event e) => e.Kind == EventKind.Bid;

    [Filter]
    static bool OnEvery123rdAuction(in Event e) => e.Bid.Auction % 123 == 0;

    [Map]
    static Q2Row Row(in Event e) => new(e.Bid.Auction, e.Bid.Price);
}

/// <summary>Q2's row: <c>auction,price</c>.</summary>
public readonly record struct Q2Row(long Auction, long Price) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Auction},{Price}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
