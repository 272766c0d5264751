using CompiledFlow;

namespace QuickStart;

/// <summary>A bid in an auction: prices in dollars, time in milliseconds since the epoch.</summary>
public readonly record struct Bid(long Auction, long Bidder, long Price, long DateTime);

/// <summary>
/// A pipeline is a static partial class of operator methods, chained in declaration order.
/// CompiledFlow's generator fuses them into one loop and adds Run, ProcessBatch, CreateJob and Files.
/// </summary>
[Pipeline]
public static partial class HotBids
{
    /// <summary>Keep bids of at least 100 dollars.</summary>
    [Filter]
    static bool IsLarge(in Bid bid) => bid.Price >= 100;

    /// <summary>A bid on a "lot" auction (even id) counts for each of its 2 items.</summary>
    [FlatMap]
    static void PerItem(in Bid bid, ref Emitter<Bid> output)
    {
        int items = bid.Auction % 2 == 0 ? 2 : 1;
        for (int i = 0; i < items; i++)
        {
            output.Emit(bid with { Price = bid.Price / items });
        }
    }

    /// <summary>Convert to euros.</summary>
    [Map]
    static (long Auction, long Bidder, double Euros) InEuros(in Bid bid) => (bid.Auction, bid.Bidder, bid.Price * 0.908);
}
