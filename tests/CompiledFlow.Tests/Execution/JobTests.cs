using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Execution;

public sealed class JobTests
{
    [Fact]
    public void Every_sink_receives_the_whole_output()
    {
        Bid[] bids = [new(1, 1, 10, 0), new(2, 2, 14, 0), new(3, 3, 15, 0)];
        var first = new CollectionSink<double>();
        var second = new CollectionSink<double>();

        EuroPrices.CreateJob().From(Sources.FromEnumerable(bids)).To(first).To(second).Run();

        Assert.Equal([10 * 0.908, 15 * 0.908], first.Items);
        Assert.Equal(first.Items, second.Items);
    }

    [Fact]
    public void A_job_without_a_source_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EuroPrices.CreateJob().To(new CollectionSink<double>()).Run());
        Assert.Contains("EuroPrices", error.Message);
        Assert.Contains("From(source)", error.Message);
    }

    [Fact]
    public void A_job_without_a_sink_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EuroPrices.CreateJob().From(Sources.FromMemory<Bid>(new Bid[1])).Run());
        Assert.Contains("To(sink)", error.Message);
    }

    [Fact]
    public void A_batch_size_below_one_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => EuroPrices.CreateJob().WithOptions(new JobOptions { BatchSize = 0 }));
        Assert.Contains("BatchSize", error.Message);
    }

    [Fact]
    public void An_operator_that_throws_fails_the_job_with_the_record_range_and_commits_nothing()
    {
        // Sentence 5 has no text: Split throws a NullReferenceException.
        Sentence[] sentences = Enumerable.Range(0, 10).Select(i => new Sentence(i, i == 5 ? null! : "a b")).ToArray();
        var sink = new CollectionSink<(string Word, int Length)>();

        var error = Assert.Throws<PipelineException>(() =>
            Words.CreateJob().From(Sources.FromMemory<Sentence>(sentences)).To(sink).WithOptions(new JobOptions { BatchSize = 4 }).Run());

        Assert.Equal("CompiledFlow.Tests.Pipelines.Words", error.Pipeline);
        Assert.Equal(4, error.FirstRecord);
        Assert.Contains("between input records 4 and 7", error.Message);
        Assert.IsType<NullReferenceException>(error.InnerException);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public async Task A_cancelled_job_commits_nothing()
    {
        var sink = new CollectionSink<double>();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await EuroPrices.CreateJob().From(Sources.FromMemory<Bid>(new Bid[10])).To(sink).RunAsync(cancellation.Token));
        Assert.Empty(sink.Items);
    }
}
