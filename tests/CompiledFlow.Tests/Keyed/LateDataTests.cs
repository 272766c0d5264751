using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Keyed;

/// <summary>Late records: counted, readable from the late-data output, never silently dropped.</summary>
public sealed class LateDataTests
{
    [Fact]
    public void A_bid_behind_the_watermark_goes_to_the_late_output()
    {
        // Batch size 1: the watermark advances after every bid. After the bid at 25 s the watermark
        // is 25,000 - 2,000 - 1 = 22,999, so the window [10 s, 20 s) has fired and a bid at 15 s is late.
        Bid[] bids = [new(1, 1, 10, 5_000), new(1, 2, 20, 12_000), new(1, 3, 30, 25_000), new(1, 4, 99, 15_000), new(1, 5, 40, 26_000)];
        var output = new CollectionSink<(long Auction, long End, long Count, long Max)>();
        var late = new CollectionSink<Bid>();

        JobResult result = HotAuctions.CreateJob()
            .From(Sources.FromMemory<Bid>(bids))
            .To(output)
            .LateDataTo(late)
            .WithOptions(new JobOptions { Parallelism = 1, BatchSize = 1 })
            .Run();

        Assert.Equal([(1L, 10_000L, 1L, 10L), (1L, 20_000L, 1L, 20L), (1L, 30_000L, 2L, 40L)], output.Items.Order());
        Assert.Equal([bids[3]], late.Items);
        Assert.Equal(1, result.LateRecords);
    }

    [Fact]
    public void Within_the_allowed_lateness_a_late_bid_updates_its_window_and_fires_it_again()
    {
        // No out-of-orderness: the watermark is the newest time minus 1. After the bid at 12 s the window
        // [0 s, 10 s) fires; the bid at 7 s is late but within its 5 s lateness, so the window fires again.
        // The bid at 16 s moves the watermark past 9,999 + 5,000: the window's state is gone and the
        // bid at 8 s goes to the late output.
        Bid[] bids = [new(1, 1, 1, 5_000), new(1, 1, 1, 12_000), new(1, 1, 1, 7_000), new(1, 1, 1, 16_000), new(1, 1, 1, 8_000)];
        var output = new CollectionSink<(long End, long Count)>();
        var late = new CollectionSink<Bid>();

        JobResult result = LateTolerantCounts.CreateJob()
            .From(Sources.FromMemory<Bid>(bids))
            .To(output)
            .LateDataTo(late)
            .WithOptions(new JobOptions { Parallelism = 1, BatchSize = 1 })
            .Run();

        Assert.Equal([(10_000L, 1L), (10_000L, 2L), (20_000L, 2L)], output.Items);
        Assert.Equal([bids[4]], late.Items);
        Assert.Equal(1, result.LateRecords);
    }
}
