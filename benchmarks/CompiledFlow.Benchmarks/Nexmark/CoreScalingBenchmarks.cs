using BenchmarkDotNet.Attributes;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// What this machine gives two threads that share nothing, not even memory: the same arithmetic
/// (a 64-bit linear congruential step and a shift, in registers) on one thread, then on two at
/// once, each doing as much as the one. 2 × OneThread / TwoThreads is the ceiling of every P2/P1 of
/// <see cref="NexmarkBenchmarks"/> at the hour it runs: the two vCPUs are a virtual machine's, and
/// what the host's other tenants take from them moves this ratio as it moves the queries'.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class CoreScalingBenchmarks
{
    private const long Steps = 200_000_000; // about 0.3 s per thread

    [Benchmark(Baseline = true)]
    public long OneThread() => Spin(seed: 1);

    [Benchmark]
    public long TwoThreads()
    {
        Task<long> other = Task.Run(() => Spin(seed: 2));
        return Spin(seed: 1) + other.Result;
    }

    // Each step depends on the one before, so neither the JIT nor the core can skip or overlap steps.
    private static long Spin(long seed)
    {
        long x = seed;
        for (long i = 0; i < Steps; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >>> 29;
        }

        return x;
    }
}
