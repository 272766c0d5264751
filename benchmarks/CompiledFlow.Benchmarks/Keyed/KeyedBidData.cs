namespace CompiledFlow.Benchmarks.KeyedWindows;

/// <summary>
/// The input of the keyed window benchmark: 10,000,000 bids over 10,000 auctions (the keys), ten bids
/// per millisecond of event time (1,000 s in all, so 100 tumbling windows of 10 s, each holding about
/// 100,000 bids and every key), ascending except that one bid in ten is up to 499 ms older than its
/// position: a little disorder, always within the pipeline's 500 ms watermark bound, so no bid is late.
/// </summary>
public static class KeyedBidData
{
    public const int DefaultCount = 10_000_000;
    public const int Keys = 10_000;
    public const long WindowSizeMs = 10_000;
    public const long MaxOutOfOrdernessMs = 500;
    public const long BaseTime = 1_700_000_000_000; // a multiple of 10 s: the first window starts at the first bid

    /// <summary>The same bids for a given count in every process (fixed seed).</summary>
    public static Bid[] Generate(int count)
    {
        var random = new Random(20_251_124);
        var bids = new Bid[count];
        for (int i = 0; i < bids.Length; i++)
        {
            long time = BaseTime + i / 10;
            if (random.Next(10) == 0)
            {
                time -= random.Next(0, (int)MaxOutOfOrdernessMs);
            }

            bids[i] = new Bid(
                Auction: random.Next(0, Keys),
                Bidder: random.Next(1, 100_000),
                Price: random.Next(1, 10_001),
                DateTime: time);
        }

        return bids;
    }
}
