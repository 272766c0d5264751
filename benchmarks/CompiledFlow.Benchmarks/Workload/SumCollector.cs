namespace CompiledFlow.Benchmarks;

/// <summary>Sums the chain's output; a struct, so the generated ProcessBatch is specialized over it.</summary>
public struct SumCollector : ICollector<double>
{
    /// <summary>The sum of the records collected so far.</summary>
    public double Sum;

    /// <inheritdoc />
    public void Collect(in double item) => Sum += item;
}
