using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Infrastructure;

namespace CompiledFlow.Benchmarks.Stateless;

/// <summary>
/// Where the job's time goes on workload (a), through public API only: the job as measured in
/// <see cref="StatelessSumBenchmarks"/>, the job with a sink that does nothing, and the job's data
/// path without the runtime around it (the generated loop into an <see cref="OutputBuffer{T}"/> per
/// 4096-record slice, with and without the sink's second pass over the buffer).
/// </summary>
[Config(typeof(WorkloadConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StatelessJobAnatomyBenchmarks : IWorkloadBenchmark, IChecksOwnResults
{
    private Bid[] _bids = [];
    private double _expectedSum;
    private long _expectedCount;

    /// <inheritdoc />
    public int Records { get; set; } = BidData.DefaultCount;

    [GlobalSetup]
    public void Setup()
    {
        _bids = BidData.Generate(Records);
        _expectedSum = StatelessSumBenchmarks.SumByHand(_bids);
        _expectedCount = _bids.LongCount(b => b.Price % 7 != 0);
    }

    [Benchmark(Baseline = true)]
    public double HandWrittenLoop() => StatelessSumBenchmarks.SumByHand(_bids);

    [Benchmark]
    public double Job_SumSink()
    {
        var sink = new SumSink();
        EuroSum.CreateJob().From(Sources.FromMemory<Bid>(_bids)).To(sink).Run();
        return sink.Sum;
    }

    /// <summary>Returns the number of records written, not a sum.</summary>
    [Benchmark]
    public double Job_DiscardingSink_Count() =>
        EuroSum.CreateJob().From(Sources.FromMemory<Bid>(_bids)).To(new DiscardingSink<double>()).Run().RecordsWritten;

    [Benchmark]
    public double OutputBufferPer4096_ThenSum()
    {
        var output = new OutputBuffer<double>(BidData.BatchSize);
        double sum = 0;
        ReadOnlySpan<Bid> bids = _bids;
        for (int start = 0; start < bids.Length; start += BidData.BatchSize)
        {
            EuroSum.ProcessBatch(bids.Slice(start, Math.Min(BidData.BatchSize, bids.Length - start)), ref output);
            sum = Add(sum, output.Written.Span);
            output.Clear();
        }

        output.Dispose();
        return sum;
    }

    /// <summary>Returns the number of records written into the buffer, not a sum.</summary>
    [Benchmark]
    public double OutputBufferPer4096_Count()
    {
        var output = new OutputBuffer<double>(BidData.BatchSize);
        long count = 0;
        ReadOnlySpan<Bid> bids = _bids;
        for (int start = 0; start < bids.Length; start += BidData.BatchSize)
        {
            EuroSum.ProcessBatch(bids.Slice(start, Math.Min(BidData.BatchSize, bids.Length - start)), ref output);
            count += output.Count;
            output.Clear();
        }

        output.Dispose();
        return count;
    }

    /// <inheritdoc />
    public void CheckResult(string benchmark, object? result)
    {
        double expected = benchmark.EndsWith("_Count", StringComparison.Ordinal) ? _expectedCount : _expectedSum;
        double actual = (double)result!;
        if (!(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected)))
        {
            throw new InvalidOperationException($"{nameof(StatelessJobAnatomyBenchmarks)}.{benchmark} computed {actual:R}, expected {expected:R}.");
        }
    }

    // Its own method for the reason given in SumSink.
    private static double Add(double sum, ReadOnlySpan<double> values)
    {
        foreach (double value in values)
        {
            sum += value;
        }

        return sum;
    }
}
