using CompiledFlow.Tests.Pipelines;
using CsCheck;

namespace CompiledFlow.Tests.Execution;

/// <summary>
/// Property tests: on random inputs, every generated pipeline's <c>Run</c> returns what the same
/// logic written with LINQ returns, and a job at any batch size returns what <c>Run</c> returns.
/// Sizes include the empty input and sizes around the default batch size (4096).
/// </summary>
public sealed class RunMatchesLinqTests
{
    private static readonly Gen<Bid> GenBid = Gen.Select(Gen.Long[0, 1_000], Gen.Long[0, 1_000], Gen.Long[-50, 10_000], Gen.Long[0, 5_000], (a, b, p, t) => new Bid(a, b, p, t));

    /// <summary>Either a small random size or one at the edge of a batch.</summary>
    private static readonly Gen<int> GenSize = Gen.Frequency((3, Gen.Int[0, 300]), (1, Gen.OneOf(0, 1, 4095, 4096, 4097, 8191, 8192, 8193)));

    private static readonly Gen<Bid[]> GenBids = GenSize.SelectMany(n => GenBid.Array[n, n]);

    [Fact]
    public void EuroPrices_matches_linq() =>
        GenBids.Sample(bids => Assert.Equal(
            bids.Where(b => b.Price % 7 != 0).Select(b => b.Price * 0.908).ToList(),
            EuroPrices.Run(bids)), iter: 200);

    [Fact]
    public void CentBids_matches_linq() =>
        GenBids.Sample(bids => Assert.Equal(
            bids.Where(b => b.Price > 0).Select(b => b with { Price = b.Price * 100 }).Where(b => b.DateTime >= 1_000).ToList(),
            CentBids.Run(bids)), iter: 200);

    [Fact]
    public void Words_matches_linq()
    {
        Gen<Sentence> sentence = Gen.Select(Gen.Int, Gen.String["ab "], (id, text) => new Sentence(id, text));
        sentence.Array[0, 200].Sample(sentences => Assert.Equal(
            sentences.SelectMany(s => s.Text.Split(' ')).Where(w => w.Length > 0).Select(w => (w, w.Length)).ToList(),
            Words.Run(sentences)), iter: 200);
    }

    [Fact]
    public void Ranges_nested_flat_maps_match_linq() =>
        Gen.Int[-3, 40].Array[0, 200].Sample(counts => Assert.Equal(
            counts.SelectMany(n => Enumerable.Range(0, Math.Max(n, 0))).SelectMany(i => new long[] { i, -i }).ToList(),
            Ranges.Run(counts)), iter: 200);

    [Fact]
    public void LargeBuys_over_classes_matches_linq()
    {
        Gen<Order> order = Gen.Select(Gen.Long, Gen.String["abcXYZ"], Gen.Enum<Side>(), Gen.Int[0, 300], (id, symbol, side, quantity) =>
            new Order { Id = id, Symbol = symbol, Side = side, Quantity = quantity, Time = new DateTime(2026, 1, 1).AddSeconds(quantity) });
        order.Array[0, 300].Sample(orders =>
        {
            Order[] expected = orders.Where(o => o.Side == Side.Buy && o.Quantity >= 100m).ToArray();
            List<Order> actual = Desk.LargeBuys.Run(orders);
            Assert.Equal(expected.Select(o => (o.Id, o.Symbol.ToUpperInvariant(), o.Quantity)), actual.Select(o => (o.Id, o.Symbol, o.Quantity)));
            Assert.All(actual, o => Assert.DoesNotContain(o, orders)); // Normalize made new objects
        }, iter: 100);
    }

    [Fact]
    public void A_job_at_any_batch_size_returns_what_Run_returns() =>
        Gen.Select(GenBids, Gen.Int[1, 5_000]).Sample((bids, batchSize) =>
        {
            var sink = new CollectionSink<double>();
            JobResult result = EuroPrices.CreateJob()
                .From(Sources.FromMemory<Bid>(bids))
                .To(sink)
                .WithOptions(new JobOptions { BatchSize = batchSize })
                .Run();

            List<double> expected = EuroPrices.Run(bids);
            Assert.Equal(expected, sink.Items);
            Assert.Equal(bids.Length, result.RecordsRead);
            Assert.Equal(expected.Count, result.RecordsWritten);
        }, iter: 100);

    [Fact]
    public void A_job_with_flat_maps_fans_out_beyond_the_batch_size() =>
        Gen.Int[0, 40].Array[0, 500].Sample(counts =>
        {
            var sink = new CollectionSink<long>();
            Ranges.CreateJob().From(Sources.FromMemory<int>(counts)).To(sink).WithOptions(new JobOptions { BatchSize = 16 }).Run();
            Assert.Equal(Ranges.Run(counts), sink.Items);
        }, iter: 100);
}
