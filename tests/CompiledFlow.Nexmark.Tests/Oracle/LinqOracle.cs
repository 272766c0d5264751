using static Nexmark.ResultText;

namespace Nexmark.Tests;

/// <summary>
/// The same queries as <see cref="NexmarkSql"/>, written independently in plain C# over the events.
/// Its only job is to agree with the SQL: two oracles written two ways guard each other's reading of
/// the definitions in README.md before any pipeline is compared with them.
/// </summary>
public static class LinqOracle
{
    private const long TenSeconds = 10_000;

    public static List<string> Run(NexmarkQuery query, IReadOnlyList<Event> events)
    {
        Bid[] bids = events.Where(e => e.Kind == EventKind.Bid).Select(e => e.Bid).ToArray();
        Auction[] auctions = events.Where(e => e.Kind == EventKind.Auction).Select(e => e.Auction).ToArray();
        Person[] people = events.Where(e => e.Kind == EventKind.Person).Select(e => e.Person).ToArray();
        IEnumerable<string> rows = query switch
        {
            NexmarkQuery.Q0 => bids.Select(b => Row(b.Auction, b.Bidder, b.Price, b.Channel, b.Url, b.DateTime, b.Extra)),
            NexmarkQuery.Q1 => bids.Select(b => Row(b.Auction, b.Bidder, Euros(b.Price), b.DateTime, b.Extra)),
            NexmarkQuery.Q2 => bids.Where(b => b.Auction % 123 == 0).Select(b => Row(b.Auction, b.Price)),
            NexmarkQuery.Q3 => Q3(auctions, people),
            NexmarkQuery.Q4 => Q4(auctions, bids),
            NexmarkQuery.Q5 => Q5(bids),
            NexmarkQuery.Q6 => Q6(auctions, bids),
            NexmarkQuery.Q7 => Q7(bids),
            NexmarkQuery.Q8 => Q8(auctions, people),
            NexmarkQuery.Q11 => Q11(bids),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query, "No implementation for this query."),
        };
        var sorted = rows.ToList();
        sorted.Sort(StringComparer.Ordinal);
        return sorted;
    }

    private static IEnumerable<string> Q3(Auction[] auctions, Person[] people) =>
        from a in auctions
        where a.Category == 10
        join p in people on a.Seller equals p.Id
        where p.State is "OR" or "ID" or "CA"
        select Row(p.Name, p.City, p.State, a.Id);

    private static IEnumerable<string> Q4(Auction[] auctions, Bid[] bids) =>
        from a in auctions
        join b in bids on a.Id equals b.Auction into auctionBids
        let open = auctionBids.Where(b => b.DateTime >= a.DateTime && b.DateTime <= a.Expires).ToList()
        where open.Count > 0
        group open.Max(b => b.Price) by a.Category into category
        select Row(category.Key, category.Sum() / category.Count());

    private static IEnumerable<string> Q5(Bid[] bids)
    {
        var counts =
            from b in bids
            from start in SlidingStarts(b.DateTime, size: TenSeconds, slide: 2_000)
            group b by (start, b.Auction) into g
            select (g.Key.start, g.Key.Auction, Count: g.Count());
        return
            from window in counts.GroupBy(c => c.start)
            let most = window.Max(c => c.Count)
            from c in window
            where c.Count == most
            select Row(c.Auction, c.Count, c.start, c.start + TenSeconds);
    }

    private static IEnumerable<long> SlidingStarts(long time, long size, long slide)
    {
        for (long start = time - time % slide; start > time - size; start -= slide)
        {
            yield return start;
        }
    }

    private static IEnumerable<string> Q6(Auction[] auctions, Bid[] bids)
    {
        ILookup<long, Bid> bidsByAuction = bids.ToLookup(b => b.Auction);
        var closed =
            from a in auctions
            let valid = bidsByAuction[a.Id].Where(b => b.DateTime >= a.DateTime && b.DateTime < a.Expires && b.Price >= a.Reserve).ToList()
            where valid.Count > 0
            select (a.Seller, a.Expires, a.Id, Final: valid.Max(b => b.Price));
        return
            from sale in closed
            group sale by sale.Seller into seller
            let last10 = seller.OrderByDescending(s => s.Expires).ThenByDescending(s => s.Id).Take(10).ToList()
            select Row(seller.Key, (long)Math.Round((decimal)last10.Sum(s => s.Final) / last10.Count, MidpointRounding.AwayFromZero));
    }

    private static IEnumerable<string> Q7(Bid[] bids) =>
        from window in bids.GroupBy(b => b.DateTime - b.DateTime % TenSeconds)
        let highest = window.Max(b => b.Price)
        from b in window
        where b.Price == highest
        select Row(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra, window.Key, window.Key + TenSeconds);

    private static IEnumerable<string> Q8(Auction[] auctions, Person[] people)
    {
        var sellerWindows = auctions.Select(a => (a.Seller, Start: a.DateTime - a.DateTime % TenSeconds)).ToHashSet();
        return
            from p in people
            let start = p.DateTime - p.DateTime % TenSeconds
            where sellerWindows.Contains((p.Id, start))
            select Row(p.Id, p.Name, start, start + TenSeconds);
    }

    // Walks each bidder's bids in time order, closing a session at a gap of more than 10 s.
    private static IEnumerable<string> Q11(Bid[] bids)
    {
        foreach (var bidder in bids.GroupBy(b => b.Bidder))
        {
            long[] times = bidder.Select(b => b.DateTime).Order().ToArray();
            int first = 0;
            for (int i = 1; i <= times.Length; i++)
            {
                if (i == times.Length || times[i] - times[i - 1] > TenSeconds)
                {
                    yield return Row(bidder.Key, i - first, times[first], times[i - 1] + TenSeconds);
                    first = i;
                }
            }
        }
    }
}
