using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q11, user sessions: the bids of each bidder per session, a session ending after 10 s
/// without a bid (q11.sql's <c>SESSION(dateTime, INTERVAL '10' SECOND)</c>). One keyed stage: session
/// windows per bidder. Each bid opens <c>[t, t + 10 s)</c> and windows that overlap or touch merge,
/// as Flink's <c>TimeWindow.intersects</c>: a bid exactly 10 s after the previous one continues the
/// session. A session is <c>[first bid, last bid + 10 s)</c>.
/// </summary>
[Pipeline]
public static partial class Q11
{
    public const long GapMs = 10_000;

    [Filter]
    static bool IsBid(in Event e) => e.Kind == EventKind.Bid;

    // Only the columns the query reads: no string travels through the exchange or the state.
    [Map]
    static (long Bidder, long DateTime) BidderAndTime(in Event e) => (e.Bid.Bidder, e.Bid.DateTime);

    [EventTime(MaxOutOfOrdernessMs = QueryTime.MaxOutOfOrdernessMs, MaxWatermarkDriftMs = QueryTime.MaxWatermarkDriftMs)]
    static long Time(in (long Bidder, long DateTime) bid) => bid.DateTime;

    [KeyBy]
    static long Bidder(in (long Bidder, long DateTime) bid) => bid.Bidder;

    [SessionWindow(GapMs = GapMs, Merge = nameof(AddCounts))]
    [Aggregate]
    static void CountBids(ref long count, in (long Bidder, long DateTime) bid) => count++;

    static void AddCounts(ref long into, in long other) => into += other;

    [Map]
    static Q11Row Row(in WindowResult<long, long> session) => new(session.Key, session.Value, session.Start, session.End);
}

/// <summary>Q11's row: <c>bidder,count,start,end</c> of the session.</summary>
public readonly record struct Q11Row(long Bidder, long Count, long Start, long End) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Bidder},{Count},{Start},{End}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
