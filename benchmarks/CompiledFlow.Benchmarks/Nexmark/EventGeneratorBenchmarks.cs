using BenchmarkDotNet.Attributes;
using Nexmark;

namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// The cost of making NEXMark events (the <c>GeneratedP1</c>/<c>GeneratedP2</c> modes of
/// <see cref="NexmarkBenchmarks"/> pay it inside the job): 2,000,000 events in NEXMark's default mix,
/// each made on its own from its id, as a <see cref="GeneratorSource"/> split does.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class EventGeneratorBenchmarks
{
    private readonly EventGenerator _generator = new(new GeneratorConfig { EventCount = NexmarkRunner.DefaultEvents });

    [Benchmark(OperationsPerInvoke = NexmarkRunner.DefaultEvents)]
    public long EventAt()
    {
        long checksum = 0;
        for (long id = 0; id < NexmarkRunner.DefaultEvents; id++)
        {
            checksum += _generator.EventAt(id).DateTime;
        }

        return checksum;
    }
}
