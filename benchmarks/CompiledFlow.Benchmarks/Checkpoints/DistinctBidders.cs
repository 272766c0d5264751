namespace CompiledFlow.Benchmarks.Checkpoints;

/// <summary>
/// The checkpoint workload: the first bid of every bidder, a keyed process function whose state
/// (one flag per bidder) only grows, so a run over 2M bidders ends with 2M keys of state and every
/// checkpoint holds all the keys seen so far.
/// </summary>
[Pipeline]
public static partial class DistinctBidders
{
    [KeyBy]
    static long Bidder(in Bid bid) => bid.Bidder;

    [Process]
    static void FirstBid(in Bid bid, ref KeyedContext<long, Seen, long> context)
    {
        if (!context.State.Yes)
        {
            context.State.Yes = true;
            context.Emit(bid.Bidder);
        }
    }
}

/// <summary>Whether a bidder has bid before.</summary>
public struct Seen
{
    public bool Yes;
}
