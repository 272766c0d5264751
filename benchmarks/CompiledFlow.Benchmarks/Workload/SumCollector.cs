namespace CompiledFlow.Benchmarks;

/// <summary>Sums the chain's output; a struct, so the generated ProcessBatch is specialized over it.</summary>
public struct SumCollector : ICollector<double>
{
    /// <summary>The sum of the records collected so far.</summary>
    public double Sum;

    /// <summary>How many records were collected.</summary>
    public int Count;

    /// <inheritdoc />
    public void Collect(in double item)
    {
        Sum += item;
        Count++;
    }
}
