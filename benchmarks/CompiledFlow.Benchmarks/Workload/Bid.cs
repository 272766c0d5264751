namespace CompiledFlow.Benchmarks;

/// <summary>A bid of the NEXMark auction benchmark, the record every workload benchmark reads.</summary>
public readonly record struct Bid(long Auction, long Bidder, long Price, long DateTime);
