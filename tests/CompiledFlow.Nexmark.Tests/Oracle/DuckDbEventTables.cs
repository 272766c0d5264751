using DuckDB.NET.Data;

namespace Nexmark.Tests;

/// <summary>
/// The three NEXMark tables in DuckDB, filled through appenders (far faster than INSERTs).
/// <c>seq</c> is the event's delivery position: a total order for ties in event time.
/// </summary>
internal static class DuckDbEventTables
{
    private const string Schema = """
        CREATE TABLE person (seq BIGINT, id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR,
                             city VARCHAR, state VARCHAR, date_time BIGINT, extra VARCHAR);
        CREATE TABLE auction (seq BIGINT, id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT,
                              reserve BIGINT, date_time BIGINT, expires BIGINT, seller BIGINT, category BIGINT, extra VARCHAR);
        CREATE TABLE bid (seq BIGINT, auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                          date_time BIGINT, extra VARCHAR);
        """;

    public static void Create(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public static void Append(DuckDBConnection connection, IReadOnlyList<Event> events)
    {
        AppendPeople(connection, events);
        AppendAuctions(connection, events);
        AppendBids(connection, events);
    }

    private static void AppendPeople(DuckDBConnection connection, IReadOnlyList<Event> events)
    {
        using var appender = connection.CreateAppender("person");
        for (int seq = 0; seq < events.Count; seq++)
        {
            if (events[seq].Kind != EventKind.Person)
            {
                continue;
            }

            Person p = events[seq].Person;
            appender.CreateRow().AppendValue((long)seq).AppendValue(p.Id).AppendValue(p.Name).AppendValue(p.EmailAddress)
                .AppendValue(p.CreditCard).AppendValue(p.City).AppendValue(p.State).AppendValue(p.DateTime).AppendValue(p.Extra)
                .EndRow();
        }
    }

    private static void AppendAuctions(DuckDBConnection connection, IReadOnlyList<Event> events)
    {
        using var appender = connection.CreateAppender("auction");
        for (int seq = 0; seq < events.Count; seq++)
        {
            if (events[seq].Kind != EventKind.Auction)
            {
                continue;
            }

            Auction a = events[seq].Auction;
            appender.CreateRow().AppendValue((long)seq).AppendValue(a.Id).AppendValue(a.ItemName).AppendValue(a.Description)
                .AppendValue(a.InitialBid).AppendValue(a.Reserve).AppendValue(a.DateTime).AppendValue(a.Expires)
                .AppendValue(a.Seller).AppendValue(a.Category).AppendValue(a.Extra)
                .EndRow();
        }
    }

    private static void AppendBids(DuckDBConnection connection, IReadOnlyList<Event> events)
    {
        using var appender = connection.CreateAppender("bid");
        for (int seq = 0; seq < events.Count; seq++)
        {
            if (events[seq].Kind != EventKind.Bid)
            {
                continue;
            }

            Bid b = events[seq].Bid;
            appender.CreateRow().AppendValue((long)seq).AppendValue(b.Auction).AppendValue(b.Bidder).AppendValue(b.Price)
                .AppendValue(b.Channel).AppendValue(b.Url).AppendValue(b.DateTime).AppendValue(b.Extra)
                .EndRow();
        }
    }
}
