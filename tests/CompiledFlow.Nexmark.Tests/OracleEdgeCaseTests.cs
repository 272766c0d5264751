namespace Nexmark.Tests;

/// <summary>
/// The edges of the definitions in README.md, on hand-made events with hand-computed rows, checked on
/// both oracles: agreement alone would not catch a misreading the two share.
/// </summary>
public sealed class OracleEdgeCaseTests
{
    [Fact]
    public void Q11_a_gap_of_exactly_10_s_continues_the_session_and_a_longer_one_starts_another()
    {
        Event[] events = [Bid(1000, 7, 5, t: 0), Bid(1000, 7, 5, t: 10_000), Bid(1000, 7, 5, t: 20_001), Bid(1000, 8, 5, t: 3)];

        AssertRows(NexmarkQuery.Q11, events, "7,2,0,20000", "7,1,20001,30001", "8,1,3,10003");
    }

    [Fact]
    public void Q7_keeps_every_bid_tied_for_the_highest_price_in_its_own_window_only()
    {
        Event[] events = [Bid(1, 1, 50, t: 1_000), Bid(2, 2, 50, t: 9_999), Bid(3, 3, 50, t: 10_000), Bid(4, 4, 20, t: 12_000)];

        AssertRows(NexmarkQuery.Q7, events, "1,1,50,1000,x,0,10000", "2,2,50,9999,x,0,10000", "3,3,50,10000,x,10000,20000");
    }

    [Fact]
    public void Q5_counts_a_bid_in_the_five_sliding_windows_that_contain_it()
    {
        Event[] events = [Bid(1, 1, 1, t: 5_000), Bid(2, 1, 1, t: 13_000), Bid(2, 1, 1, t: 13_500)];

        AssertRows(
            NexmarkQuery.Q5,
            events,
            "1,1,-4000,6000", "1,1,-2000,8000", "1,1,0,10000", "1,1,2000,12000", "2,2,4000,14000",
            "2,2,6000,16000", "2,2,8000,18000", "2,2,10000,20000", "2,2,12000,22000");
    }

    [Fact]
    public void Q4_takes_bids_from_opening_to_expiry_inclusive_ignores_the_reserve_and_truncates_the_average()
    {
        Event[] events =
        [
            Auction(1, seller: 1, category: 10, t: 100, expires: 200, reserve: 1_000_000),
            Bid(1, 9, 10, t: 99), Bid(1, 9, 7, t: 100), Bid(1, 9, 8, t: 200), Bid(1, 9, 99, t: 201),
            Auction(2, seller: 1, category: 10, t: 100, expires: 200, reserve: 0), Bid(2, 9, 3, t: 150),
            Auction(3, seller: 1, category: 11, t: 100, expires: 200, reserve: 0),
        ];

        AssertRows(NexmarkQuery.Q4, events, "10,5"); // finals 8 and 3: 11 / 2
    }

    [Fact]
    public void Q6_needs_the_reserve_excludes_expiry_and_averages_the_10_latest_closings_rounded_half_up()
    {
        var events = new List<Event>
        {
            Auction(1, seller: 5, category: 10, t: 0, expires: 100, reserve: 50), Bid(1, 9, 49, t: 10), Bid(1, 9, 500, t: 100),
        };
        for (int i = 0; i < 11; i++)
        {
            // Auction 100 closes first, so it is the one left out; the others' finals are 2 and 3.
            long id = 100 + i;
            events.Add(Auction(id, seller: 6, category: 10, t: 0, expires: 1_000 + i, reserve: 0));
            events.Add(Bid(id, 9, i == 0 ? 1_000_000 : i % 2 == 0 ? 2 : 3, t: 500));
        }

        AssertRows(NexmarkQuery.Q6, events, "6,3"); // five 2s and five 3s: 25 / 10 = 2.5, half up
    }

    [Fact]
    public void Q8_joins_people_with_auctions_they_opened_in_their_own_window()
    {
        Event[] events =
        [
            Person(1, "Ann", "OR", t: 9_000), Auction(10, seller: 1, category: 10, t: 9_999, expires: 20_000, reserve: 0),
            Auction(11, seller: 1, category: 10, t: 9_500, expires: 20_000, reserve: 0),
            Person(2, "Bob", "CA", t: 9_000), Auction(12, seller: 2, category: 10, t: 10_000, expires: 20_000, reserve: 0),
        ];

        AssertRows(NexmarkQuery.Q8, events, "1,Ann,0,10000");
    }

    [Fact]
    public void Q3_Q2_and_Q1_filter_join_and_convert()
    {
        Event[] events =
        [
            Person(1, "Ann", "OR", t: 0), Person(2, "Bob", "WA", t: 0),
            Auction(10, seller: 1, category: 10, t: 5, expires: 9, reserve: 0), Auction(11, seller: 1, category: 11, t: 5, expires: 9, reserve: 0),
            Auction(12, seller: 2, category: 10, t: 5, expires: 9, reserve: 0),
            Bid(1107, 1, 101, t: 1), Bid(1108, 1, 100, t: 2),
        ];

        AssertRows(NexmarkQuery.Q3, events, "Ann,City,OR,10");
        AssertRows(NexmarkQuery.Q2, events, "1107,101");
        AssertRows(NexmarkQuery.Q1, events, "1107,1,91.708,1,x", "1108,1,90.800,2,x");
    }

    private static void AssertRows(NexmarkQuery query, IReadOnlyList<Event> events, params string[] expected)
    {
        string[] sorted = expected.Order(StringComparer.Ordinal).ToArray();
        using NexmarkOracle oracle = NexmarkOracle.Load(events);
        Assert.Equal(sorted, oracle.Run(query));
        Assert.Equal(sorted, LinqOracle.Run(query, events));
    }

    private static Event Bid(long auction, long bidder, long price, long t) =>
        Event.Of(new Bid(auction, bidder, price, "c", "u", t, "x"));

    private static Event Auction(long id, long seller, long category, long t, long expires, long reserve) =>
        Event.Of(new Auction(id, "item", "d", 1, reserve, t, expires, seller, category, "x"));

    private static Event Person(long id, string name, string state, long t) =>
        Event.Of(new Person(id, name, "e", "c", "City", state, t, "x"));
}
