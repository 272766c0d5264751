using CompiledFlow.Tests.Formats;

namespace CompiledFlow.Tests.Files;

/// <summary>
/// The file sources and sinks allocate per buffer, never per line: a file 10x longer costs less
/// than one byte more per extra line (the smallest object is 24 bytes). Counted over all threads,
/// since file reads complete on the thread pool, so these tests run alone.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class FileAllocationTests : IDisposable
{
    private const int Small = 20_000;
    private const int Large = 200_000;
    private static readonly Tick[] Ticks = Enumerable.Range(0, Large)
        .Select(i => new Tick(i, i * 0.5 - 3, i % 2 == 0, DateTime.UnixEpoch.AddSeconds(i), (Side)(i % 2), Guid.Empty))
        .ToArray();

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_csv_source_and_sink_do_not_allocate_per_line()
    {
        await AssertNoAllocationPerLine(
            count => new CsvFileSink<Tick, TickCsvFormat>(_dir.File($"{count}.csv")),
            count => new CsvFileSource<Tick, TickCsvFormat>(_dir.File($"{count}.csv")));
    }

    [Fact]
    public async Task The_json_lines_source_and_sink_do_not_allocate_per_line()
    {
        await AssertNoAllocationPerLine(
            count => new JsonLinesFileSink<Tick, TickJsonFormat>(_dir.File($"{count}.jsonl")),
            count => new JsonLinesFileSource<Tick, TickJsonFormat>(_dir.File($"{count}.jsonl")));
    }

    [Fact]
    public async Task The_part_file_sinks_do_not_allocate_per_line()
    {
        await AssertNoAllocationPerLine(
            count => new CsvPartFileSink<Tick, TickCsvFormat>(_dir.File($"{count}-csv")),
            count => new CsvFileSource<Tick, TickCsvFormat>(Path.Combine(_dir.File($"{count}-csv"), "part-000001.csv")));
        await AssertNoAllocationPerLine(
            count => new JsonLinesPartFileSink<Tick, TickJsonFormat>(_dir.File($"{count}-jsonl")),
            count => new JsonLinesFileSource<Tick, TickJsonFormat>(Path.Combine(_dir.File($"{count}-jsonl"), "part-000001.jsonl")));
    }

    private static async Task AssertNoAllocationPerLine(Func<int, ISink<Tick>> sink, Func<int, ISource<Tick>> source)
    {
        // Warm-up at both sizes: JIT, pools and the buffers that grow once to the largest size.
        await Write(sink(Small), Small);
        await Read(source(Small));
        await Write(sink(Large), Large);
        await Read(source(Large));

        long writeSmall = await Measure(() => Write(sink(Small), Small));
        long writeLarge = await Measure(() => Write(sink(Large), Large));
        long readSmall = await Measure(() => Read(source(Small)));
        long readLarge = await Measure(() => Read(source(Large)));

        double writePerLine = (double)(writeLarge - writeSmall) / (Large - Small);
        double readPerLine = (double)(readLarge - readSmall) / (Large - Small);
        Assert.True(writePerLine < 1, $"writing: {writeSmall} B for {Small} lines, {writeLarge} B for {Large}");
        Assert.True(readPerLine < 1, $"reading: {readSmall} B for {Small} lines, {readLarge} B for {Large}");
    }

    /// <summary>The fewest bytes of three runs: other threads of the test host (result reporting) allocate now and then.</summary>
    private static async Task<long> Measure(Func<Task> action)
    {
        long fewest = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await action();
            fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return fewest;
    }

    private static async Task Write(ISink<Tick> sink, int count)
    {
        await using ISinkWriter<Tick> writer = sink.Open();
        for (int i = 0; i < count; i += 4096)
        {
            await writer.WriteBatchAsync(Ticks.AsMemory(i, Math.Min(4096, count - i)), CancellationToken.None);
        }
        await writer.CommitAsync(CancellationToken.None);
    }

    private static async Task Read(ISource<Tick> source)
    {
        long next = 0;
        await using ISourceReader<Tick> reader = source.Open();
        while (true)
        {
            ReadOnlyMemory<Tick> batch = await reader.ReadBatchAsync(4096, CancellationToken.None);
            if (batch.IsEmpty)
            {
                break;
            }
            foreach (Tick tick in batch.Span)
            {
                if (tick.Id != next++)
                {
                    throw new InvalidOperationException($"expected record {next - 1}, got {tick.Id}");
                }
            }
        }
    }
}
