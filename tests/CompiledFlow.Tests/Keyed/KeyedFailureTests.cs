using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Keyed;

/// <summary>An operator that throws in a keyed stage fails the job with the pipeline, stage and subtask named, and commits nothing.</summary>
public sealed class KeyedFailureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_throwing_operator_after_a_window_names_the_pipeline_and_the_keyed_stage(int parallelism)
    {
        Bid[] bids = [new(1, 1, 1, 1_000), new(2, 1, 1, 2_000), new(1, 1, 1, 3_000), new(1, 1, 1, 4_000), new(1, 1, 1, 30_000)];
        var sink = new CollectionSink<long>();

        var error = Assert.Throws<PipelineException>(() =>
            FragileCounts.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(sink).WithOptions(new JobOptions { Parallelism = parallelism, BatchSize = 1 }).Run());

        Assert.Equal("CompiledFlow.Tests.Pipelines.FragileCounts", error.Pipeline);
        Assert.StartsWith("keyed stage Stage1, subtask ", error.Stage);
        Assert.Equal(-1, error.FirstRecord);
        Assert.Contains("too many bids for auction 1", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Empty(sink.Items);
    }
}
