using BenchmarkDotNet.Attributes;
using Nexmark;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// The cost of making NEXMark events, which the <c>GeneratedP1</c>/<c>GeneratedP2</c> modes of
/// <see cref="NexmarkBenchmarks"/> pay inside the job: 2,000,000 events in NEXMark's default mix,
/// each made on its own from its id into a batch buffer, as a <see cref="GeneratorSource"/> split
/// does. <see cref="OneThread"/> makes them all; <see cref="TwoThreads"/> makes the even and the odd
/// ids on two threads at once, with no engine in between: what this machine gives two threads doing
/// this work, the ceiling for a query's GeneratedP2/GeneratedP1.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class EventGeneratorBenchmarks
{
    private const int BatchSize = 4096; // JobOptions.BatchSize's default

    private readonly EventGenerator _generator = new(new GeneratorConfig { EventCount = NexmarkRunner.DefaultEvents });

    // One batch buffer per thread, made once: the measured calls allocate nothing of their own.
    private readonly Event[][] _batches = [new Event[BatchSize], new Event[BatchSize]];

    [Benchmark(Baseline = true)]
    public long OneThread() => Generate(split: 0, splits: 1);

    [Benchmark]
    public long TwoThreads()
    {
        Task<long> odd = Task.Run(() => Generate(split: 1, splits: 2));
        return Generate(split: 0, splits: 2) + odd.Result;
    }

    // Makes the split's events batch by batch and reads one field of each, as a source chain would.
    private long Generate(int split, int splits)
    {
        Event[] batch = _batches[split];
        long checksum = 0;
        for (long first = split; first < NexmarkRunner.DefaultEvents; first += (long)BatchSize * splits)
        {
            int count = 0;
            for (long id = first; id < NexmarkRunner.DefaultEvents && count < BatchSize; id += splits)
            {
                batch[count++] = _generator.EventAt(id);
            }

            for (int i = 0; i < count; i++)
            {
                checksum += batch[i].DateTime;
            }
        }

        return checksum;
    }
}
