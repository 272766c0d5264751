namespace CompiledFlow.Benchmarks.Infrastructure;

/// <summary>A benchmark over generated bids; the verification run sets a smaller <see cref="Records"/> when asked to.</summary>
public interface IWorkloadBenchmark
{
    /// <summary>How many bids the [GlobalSetup] generates (default <see cref="BidData.DefaultCount"/>).</summary>
    int Records { get; set; }
}

/// <summary>A benchmark whose results are not plain numbers or lists; the verification run hands them back to it.</summary>
public interface IChecksOwnResults
{
    /// <summary>Throws if <paramref name="result"/>, returned by the benchmark method <paramref name="benchmark"/>, is wrong.</summary>
    void CheckResult(string benchmark, object? result);
}
