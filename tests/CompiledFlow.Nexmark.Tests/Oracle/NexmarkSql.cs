namespace Nexmark.Tests;

/// <summary>
/// NEXMark Q0–Q8 and Q11 in DuckDB SQL, after nexmark/nexmark's queries (Q6 after Beam's Query6),
/// each producing one column: the canonical row text of README.md. Windows are written out:
/// tumbling start = t - t % size; sliding windows by unnesting the starts each bid falls in;
/// sessions by LAG and a running SUM over each bidder's bids in time order.
/// </summary>
internal static class NexmarkSql
{
    public static string For(NexmarkQuery query) => query switch
    {
        NexmarkQuery.Q0 => Q0,
        NexmarkQuery.Q1 => Q1,
        NexmarkQuery.Q2 => Q2,
        NexmarkQuery.Q3 => Q3,
        NexmarkQuery.Q4 => Q4,
        NexmarkQuery.Q5 => Q5,
        NexmarkQuery.Q6 => Q6,
        NexmarkQuery.Q7 => Q7,
        NexmarkQuery.Q8 => Q8,
        NexmarkQuery.Q11 => Q11,
        _ => throw new ArgumentOutOfRangeException(nameof(query), query, "No SQL for this query."),
    };

    // Pass-through.
    private const string Q0 = """
        SELECT concat_ws(',', auction, bidder, price, channel, url, date_time, extra) FROM bid
        """;

    // Currency conversion, exact to the thousandth as Flink's DECIMAL(23, 3).
    private const string Q1 = """
        SELECT concat_ws(',', auction, bidder, CAST(CAST(price AS DECIMAL(18, 0)) * 0.908 AS DECIMAL(23, 3)), date_time, extra)
        FROM bid
        """;

    // Selection.
    private const string Q2 = """
        SELECT concat_ws(',', auction, price) FROM bid WHERE auction % 123 = 0
        """;

    // Local item suggestion: a join over the whole input, no window.
    private const string Q3 = """
        SELECT concat_ws(',', p.name, p.city, p.state, a.id)
        FROM auction a JOIN person p ON a.seller = p.id
        WHERE a.category = 10 AND p.state IN ('OR', 'ID', 'CA')
        """;

    // Average winning price per category; Flink's AVG over BIGINT is an integer division.
    private const string Q4 = """
        WITH winning AS (
            SELECT a.id, a.category, MAX(b.price) AS final
            FROM auction a JOIN bid b ON a.id = b.auction
            WHERE b.date_time BETWEEN a.date_time AND a.expires
            GROUP BY a.id, a.category)
        SELECT concat_ws(',', category, SUM(final) // COUNT(*)) FROM winning GROUP BY category
        """;

    // Hot items: sliding windows of 10 s every 2 s; a bid at t is in the 5 windows starting at
    // (t - t % 2000) - 8000 .. (t - t % 2000). Every auction tied for the most bids is a result.
    private const string Q5 = """
        WITH windowed AS (
            SELECT auction, unnest(generate_series(date_time - date_time % 2000 - 8000, date_time - date_time % 2000, 2000)) AS start
            FROM bid),
        counts AS (SELECT start, auction, COUNT(*) AS num FROM windowed GROUP BY start, auction),
        maxima AS (SELECT start, MAX(num) AS max_num FROM counts GROUP BY start)
        SELECT concat_ws(',', c.auction, c.num, c.start, c.start + 10000)
        FROM counts c JOIN maxima m ON c.start = m.start AND c.num = m.max_num
        """;

    // Average selling price of each seller's last 10 closed auctions, after Beam's Query6: the
    // winning bid is the highest bid placed while the auction was open and at least the reserve;
    // "last" is by closing time, then auction id; the average is rounded half up.
    private const string Q6 = """
        WITH winning AS (
            SELECT a.id, a.seller, a.expires, MAX(b.price) AS final
            FROM auction a JOIN bid b ON a.id = b.auction
            WHERE b.date_time >= a.date_time AND b.date_time < a.expires AND b.price >= a.reserve
            GROUP BY a.id, a.seller, a.expires),
        ranked AS (
            SELECT seller, final, row_number() OVER (PARTITION BY seller ORDER BY expires DESC, id DESC) AS recency
            FROM winning)
        SELECT concat_ws(',', seller, (2 * SUM(final) + COUNT(*)) // (2 * COUNT(*)))
        FROM ranked WHERE recency <= 10 GROUP BY seller
        """;

    // Highest bid per 10 s tumbling window; every bid tied for the highest price is a result.
    private const string Q7 = """
        WITH windowed AS (SELECT *, date_time - date_time % 10000 AS start FROM bid),
        maxima AS (SELECT start, MAX(price) AS max_price FROM windowed GROUP BY start)
        SELECT concat_ws(',', w.auction, w.bidder, w.price, w.date_time, w.extra, w.start, w.start + 10000)
        FROM windowed w JOIN maxima m ON w.start = m.start AND w.price = m.max_price
        """;

    // New users: people who opened an auction in the 10 s tumbling window they joined in.
    private const string Q8 = """
        WITH p AS (SELECT DISTINCT id, name, date_time - date_time % 10000 AS start FROM person),
        a AS (SELECT DISTINCT seller, date_time - date_time % 10000 AS start FROM auction)
        SELECT concat_ws(',', p.id, p.name, p.start, p.start + 10000)
        FROM p JOIN a ON p.id = a.seller AND p.start = a.start
        """;

    // Bids per session per bidder, gap 10 s. As in Flink, windows [t, t + gap) that touch merge:
    // a bid starts a new session only when more than 10 s passed since the bidder's previous bid.
    private const string Q11 = """
        WITH flagged AS (
            SELECT bidder, date_time, seq,
                   CASE WHEN date_time - lag(date_time) OVER (PARTITION BY bidder ORDER BY date_time, seq) <= 10000
                        THEN 0 ELSE 1 END AS starts_session
            FROM bid),
        sessions AS (
            SELECT bidder, date_time,
                   SUM(starts_session) OVER (PARTITION BY bidder ORDER BY date_time, seq ROWS UNBOUNDED PRECEDING) AS session
            FROM flagged)
        SELECT concat_ws(',', bidder, COUNT(*), MIN(date_time), MAX(date_time) + 10000)
        FROM sessions GROUP BY bidder, session
        """;
}
