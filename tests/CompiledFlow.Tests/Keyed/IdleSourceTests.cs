using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Keyed;

/// <summary>
/// Source splits and idleness: the watermark is the minimum over the splits, except that a split
/// silent for longer than the idle timeout is left out until it produces again.
/// </summary>
public sealed class IdleSourceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_idle_split_does_not_hold_back_the_windows_of_the_others(int parallelism)
    {
        (bool firedWhileStalled, List<(long End, long Count)> output) = await RunWithStalledSplit(idle: true, parallelism);

        Assert.True(firedWhileStalled, "windows should fire from the busy split's watermark while the other split is idle");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (i * 10_000L, i == 1 ? 11L : 10L)), output.Order());
    }

    [Fact]
    public async Task Without_an_idle_timeout_a_silent_split_holds_every_window_back()
    {
        (bool firedWhileStalled, List<(long End, long Count)> output) = await RunWithStalledSplit(idle: false, parallelism: 2);

        Assert.False(firedWhileStalled);
        Assert.Equal(10, output.Count); // the windows fire at the end, once the silent split has ended
    }

    [Fact]
    public void Splits_read_as_one_source_give_the_records_of_every_split()
    {
        Bid[] first = [new(1, 1, 1, 1_000), new(2, 1, 1, 2_000)];
        Bid[] second = [new(1, 1, 1, 3_000)];
        var output = new CollectionSink<(long End, long Count)>();

        JobResult result = IdleTolerantCounts.CreateJob()
            .From(Sources.FromSplits(Sources.FromMemory<Bid>(first), Sources.FromMemory<Bid>(second)))
            .To(output)
            .Run();

        Assert.Equal(3, result.RecordsRead);
        Assert.Equal([(10_000L, 1L), (10_000L, 2L)], output.Items.Order());
    }

    /// <summary>
    /// Split 0 holds bids over 100 s; split 1 gives one bid at time 0 and then nothing until the sink
    /// has seen output or 3 s have passed. Returns whether output came while split 1 was silent.
    /// </summary>
    private static async Task<(bool FiredWhileStalled, List<(long, long)> Output)> RunWithStalledSplit(bool idle, int parallelism)
    {
        Bid[] busy = Enumerable.Range(0, 100).Select(i => new Bid(1, 1, 1, i * 1_000L)).ToArray();
        var sink = new SignallingSink();
        var stalled = new StalledSplit(new Bid(1, 2, 1, 0), sink.FirstOutput.Task, TimeSpan.FromSeconds(3));
        ISource<Bid> source = Sources.FromSplits(Sources.FromMemory<Bid>(busy), stalled);
        var options = new JobOptions { Parallelism = parallelism, BatchSize = 10 };

        if (idle)
        {
            await IdleTolerantCounts.CreateJob().From(source).To(sink).WithOptions(options).RunAsync();
        }
        else
        {
            var lateTolerant = new SignallingSink();
            stalled = new StalledSplit(new Bid(1, 2, 1, 0), lateTolerant.FirstOutput.Task, TimeSpan.FromSeconds(3));
            source = Sources.FromSplits(Sources.FromMemory<Bid>(busy), stalled);
            await LateTolerantCounts.CreateJob().From(source).To(lateTolerant).WithOptions(options).RunAsync();
            return (stalled.ReleasedByOutput, lateTolerant.Records);
        }

        return (stalled.ReleasedByOutput, sink.Records);
    }
}
