using CompiledFlow.Tests.Pipelines;
using CsCheck;

namespace CompiledFlow.Tests.Keyed;

/// <summary>Keyed process functions: per-key state and event-time timers, against plain C# over the same bids.</summary>
public sealed class ProcessPipelineTests
{
    private static readonly Gen<Bid[]> GenInOrderBids =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 500], Gen.Int[0, 3_000]).Array[0, 500]
            .Select(rows =>
            {
                long time = 0;
                return rows.Select((r, i) => new Bid(i, r.Item1, r.Item2, time += r.Item3)).ToArray();
            });

    [Fact]
    public void Deduplication_keeps_the_first_bid_per_bidder_and_forgets_it_after_the_timer() =>
        GenInOrderBids.Sample(bids =>
        {
            // Bids arrive in time order; a bidder is remembered until the watermark reaches first + 10 s.
            // With batch size 1 and no out-of-orderness, the watermark before a bid is the previous bid's time - 1.
            var expected = new List<Bid>();
            var until = new Dictionary<long, long>();
            long watermark = long.MinValue;
            foreach (Bid bid in bids)
            {
                foreach (long bidder in until.Where(u => u.Value <= watermark).Select(u => u.Key).ToArray())
                {
                    until.Remove(bidder);
                }

                if (!until.ContainsKey(bid.Bidder))
                {
                    expected.Add(bid);
                    until[bid.Bidder] = bid.DateTime + 10_000;
                }

                watermark = bid.DateTime - 1;
            }

            var output = new CollectionSink<Bid>();
            FirstBids.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(output).WithOptions(new JobOptions { Parallelism = 1, BatchSize = 1 }).Run();
            Assert.Equal(expected, output.Items);
        }, iter: 100);

    [Fact]
    public void Last_three_prices_average_matches_plain_csharp_at_any_parallelism() =>
        Gen.Select(GenInOrderBids, Gen.Int[1, 4], Gen.Int[1, 64]).Sample((bids, parallelism, batchSize) =>
        {
            var expected = bids.Select((bid, i) =>
            {
                long[] last = bids.Take(i + 1).Where(b => b.Bidder == bid.Bidder).TakeLast(3).Select(b => b.Price).ToArray();
                return (bid.Bidder, bid.Price, (double)last.Sum() / last.Length);
            });

            var output = new CollectionSink<(long Bidder, long Price, double Average)>();
            RecentAveragePrice.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(output)
                .WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = batchSize }).Run();

            Assert.Equal(expected.Order(), output.Items.Order());
            Assert.Equal(expected.ToList(), RecentAveragePrice.Run(bids)); // in order at parallelism 1
        }, iter: 60, threads: 1);
}

public sealed class ProcessOperatorTests
{
    [Fact]
    public void Methods_named_like_the_generated_ones_are_called_not_shadowed()
    {
        // Bidder 1 bids at 0 and 500 (one timer at 1,000 and one at 1,500); bidder 2 once at 100.
        Bid[] bids = [new(1, 1, 5, 0), new(1, 2, 5, 100), new(1, 1, 5, 500)];

        // Each timer emits the bidder's count so far; the window sums them per bidder.
        Assert.Equal([(1L, 2L + 2L), (2L, 1L)], ShadowingNames.Run(bids).Order());
    }

    [Fact]
    public void A_timer_for_a_key_without_state_leaves_no_state_behind()
    {
        var process = new KeyedProcessOperator<long, long, long, long, ForgetThenRemind>();
        var output = new Collected();
        process.Add(7, 100, 1, ref output);
        Assert.Equal(0, process.StateCount); // cleared in ProcessElement

        process.AdvanceWatermark(1_000, ref output);

        Assert.Equal([7L], output.Items);
        Assert.Equal(0, process.StateCount);
        Assert.Equal(0, process.TimerCount);
    }

    private readonly struct ForgetThenRemind : IKeyedProcessFunction<long, long, long, long>
    {
        public static void ProcessElement(in long value, ref KeyedContext<long, long, long> context)
        {
            context.RegisterTimer(500);
            context.ClearState();
        }

        public static void OnTimer(ref KeyedContext<long, long, long> context) => context.Emit(context.Key);
    }

    private struct Collected : ICollector<Keyed<long, long>>
    {
        public List<long> Items;

        public void Collect(in Keyed<long, long> item) => (Items ??= []).Add(item.Value);
    }
}
