using System.Collections.Concurrent;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>The columns of an auction, besides its id and time, that the winning-bid queries (Q4, Q6) read.</summary>
public readonly record struct AuctionTerms(long Seller, long Category, long Reserve, long Expires);

/// <summary>
/// An auction or a bid, cut down to what the winning-bid queries read: the one stream they key by
/// auction id (the auction's own id, the bid's auction). <see cref="Price"/> is a bid's, <see cref="Terms"/>
/// an auction's; the other is <see langword="default"/>.
/// </summary>
public readonly record struct AuctionOrBid(bool IsAuction, long AuctionId, long DateTime, long Price, AuctionTerms Terms)
{
    /// <summary>The auction or bid an event holds; not for a person.</summary>
    public static AuctionOrBid Of(in Event e) => e.Kind == EventKind.Auction
        ? new(true, e.Auction.Id, e.Auction.DateTime, 0, new(e.Auction.Seller, e.Auction.Category, e.Auction.Reserve, e.Auction.Expires))
        : new(false, e.Bid.Auction, e.Bid.DateTime, e.Bid.Price, default);
}

/// <summary>An auction sold: its id, terms and final price, emitted at its expiry.</summary>
public readonly record struct Sale(long Auction, AuctionTerms Terms, long Price);

/// <summary>
/// What the winning-bid queries keep of one auction: its terms once it arrived, its highest qualifying
/// bid so far, and the bids that arrived before it. A plain struct; the list exists only while bids wait
/// for their auction (common when two source splits deliver an auction after the bids of the other
/// split's batch), and is reused once they no longer wait.
/// </summary>
public struct OpenAuction
{
    /// <summary>Whether the auction arrived; until then only <see cref="EarlyBids"/> is set.</summary>
    public bool Arrived;

    /// <summary>The auction's opening time.</summary>
    public long DateTime;

    public AuctionTerms Terms;

    /// <summary>Whether a qualifying bid was seen, and then the highest price.</summary>
    public bool HasBid;

    public long Price;

    /// <summary>The bids that arrived before the auction, as (time, price); <see langword="null"/> when none.</summary>
    public List<(long DateTime, long Price)>? EarlyBids;

    /// <summary>While <see cref="EarlyBids"/> is set, the time of the one timer that drops those the watermark passed.</summary>
    public long EarlyBidsTimer;
}

/// <summary>Which bids count toward an auction's final price: each winning-bid query's own definition.</summary>
public interface IWinningBidRule
{
    /// <summary>Whether a bid at <paramref name="bidTime"/> for <paramref name="price"/> counts, for an auction opened at <paramref name="openedAt"/>.</summary>
    static abstract bool Qualifies(long openedAt, in AuctionTerms auction, long bidTime, long price);
}

/// <summary>
/// The keyed process function Q4 and Q6 share, Beam's WinningBids: keyed by auction id over auctions and
/// bids together, it keeps each auction's highest qualifying bid and, with an event-time timer at the
/// auction's expiry, emits it once as the auction's <see cref="Sale"/> and forgets the auction.
/// <para>
/// Time. When the watermark reaches <c>expires</c>, every bid at or before it has arrived (the queries'
/// watermark delay covers the input's disorder), so the sale is final, whatever the auction's length.
/// A bid may arrive before its auction (delivered out of order, from another source split, or NEXMark's
/// references ahead): it waits in <see cref="OpenAuction.EarlyBids"/>. Once the watermark passes a bid's
/// time, an auction still to come opens after the bid (or would be late), so the bid can never count and
/// is dropped. One timer per key does this: set at the first waiting bid's time, it drops what the
/// watermark passed and is set again at the earliest bid left; a key left with nothing is forgotten.
/// A bid after its auction was sold waits the same way. Lists of waiting bids are reused.
/// </para>
/// </summary>
/// <typeparam name="TRule">The query's definition of a qualifying bid.</typeparam>
public static class WinningBids<TRule>
    where TRule : IWinningBidRule
{
    // The lists of bids no longer waiting, with their capacity, for the next auction whose bids come
    // early. Shared by every subtask: a subtask may run on any thread (its producers' among them).
    private static readonly ConcurrentQueue<List<(long DateTime, long Price)>> FreeLists = new();

    /// <summary>Takes an auction or a bid of the context's auction.</summary>
    public static void Add(in AuctionOrBid record, ref KeyedContext<long, OpenAuction, Sale> context)
    {
        ref OpenAuction auction = ref context.State;
        if (record.IsAuction)
        {
            auction.Arrived = true;
            auction.DateTime = record.DateTime;
            auction.Terms = record.Terms;
            if (auction.EarlyBids is { } early)
            {
                foreach ((long time, long price) in early)
                {
                    Offer(ref auction, time, price);
                }

                context.DeleteTimer(auction.EarlyBidsTimer); // before the expiry's: they may be at the same time
                Release(ref auction);
            }

            context.RegisterTimer(record.Terms.Expires);
        }
        else if (auction.Arrived)
        {
            Offer(ref auction, record.DateTime, record.Price);
        }
        else
        {
            if (auction.EarlyBids is null)
            {
                auction.EarlyBids = Rent();
                auction.EarlyBidsTimer = record.DateTime;
                context.RegisterTimer(record.DateTime);
            }

            auction.EarlyBids.Add((record.DateTime, record.Price));
        }
    }

    /// <summary>The auction's expiry (emits the sale, forgets the auction) or the early bids' timer (drops the bids no auction can take).</summary>
    public static void OnTimer(ref KeyedContext<long, OpenAuction, Sale> context)
    {
        ref OpenAuction auction = ref context.State;
        if (auction.Arrived)
        {
            if (auction.HasBid)
            {
                context.Emit(new Sale(context.Key, auction.Terms, auction.Price));
            }

            context.ClearState();
            return;
        }

        if (auction.EarlyBids is not { } early)
        {
            context.ClearState(); // a key whose auction was sold before this timer fired
            return;
        }

        int kept = 0;
        long earliest = long.MaxValue;
        for (int i = 0; i < early.Count; i++)
        {
            if (early[i].DateTime > context.Watermark)
            {
                earliest = Math.Min(earliest, early[i].DateTime);
                early[kept++] = early[i];
            }
        }

        early.RemoveRange(kept, early.Count - kept);
        if (kept == 0)
        {
            Release(ref auction);
            context.ClearState();
            return;
        }

        auction.EarlyBidsTimer = earliest;
        context.RegisterTimer(earliest);
    }

    private static void Offer(ref OpenAuction auction, long time, long price)
    {
        if (TRule.Qualifies(auction.DateTime, auction.Terms, time, price) && (!auction.HasBid || price > auction.Price))
        {
            auction.Price = price;
            auction.HasBid = true;
        }
    }

    private static List<(long DateTime, long Price)> Rent() =>
        FreeLists.TryDequeue(out List<(long DateTime, long Price)>? free) ? free : [];

    private static void Release(ref OpenAuction auction)
    {
        List<(long DateTime, long Price)> early = auction.EarlyBids!;
        early.Clear();
        FreeLists.Enqueue(early);
        auction.EarlyBids = null;
        auction.EarlyBidsTimer = 0;
    }
}
