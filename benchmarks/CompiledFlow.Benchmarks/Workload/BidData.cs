namespace CompiledFlow.Benchmarks;

/// <summary>
/// The input of the workload benchmarks: the same bids in every process for a given count, so
/// every variant and every run reads identical data.
/// </summary>
public static class BidData
{
    /// <summary>Records per benchmark operation; the throughput and bytes-per-record columns divide by it.</summary>
    public const int DefaultCount = 10_000_000;

    /// <summary>Records per batch where a peer is given batches (TPL Dataflow, Channels); also the CompiledFlow job's default.</summary>
    public const int BatchSize = 4096;

    /// <summary>Generates <paramref name="count"/> bids from a fixed seed; prices are 1..10,000.</summary>
    public static Bid[] Generate(int count)
    {
        var random = new Random(20_240_601);
        var bids = new Bid[count];
        long time = 1_700_000_000_000;
        for (int i = 0; i < bids.Length; i++)
        {
            time += random.Next(0, 5);
            bids[i] = new Bid(
                Auction: random.Next(1, 10_000),
                Bidder: random.Next(1, 100_000),
                Price: random.Next(1, 10_001),
                DateTime: time);
        }

        return bids;
    }
}
