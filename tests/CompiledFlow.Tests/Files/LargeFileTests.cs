using CompiledFlow.Tests.Formats;

namespace CompiledFlow.Tests.Files;

/// <summary>Files far larger than the pipe's buffers, read with small and large batches and buffers, so lines cross segment boundaries.</summary>
public sealed class LargeFileTests : IDisposable
{
    private const int Count = 200_000;
    private static readonly Trade[] Trades = Enumerable.Range(0, Count).Select(MakeTrade).ToArray();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Trade MakeTrade(int i) => new(
        i,
        (i % 5) switch { 0 => "MSFT", 1 => "a,\"quoted\" one", 2 => "", 3 => "日本語", _ => new string('x', i % 97) },
        i * 0.25 - 1000.125,
        i % 3 == 0,
        new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 1001L),
        i % 2 == 0 ? Side.Buy : Side.Sell);

    public static TheoryData<int, int> BatchAndBufferSizes => new()
    {
        { 1, 4096 },
        { 7, 1000 },
        { 7, 64 * 1024 },
        { 4096, 4096 },
        { 4096, 64 * 1024 },
    };

    [Theory]
    [MemberData(nameof(BatchAndBufferSizes))]
    public async Task A_large_csv_file_round_trips(int batchSize, int bufferSize)
    {
        string path = _dir.File("trades.csv");
        await Jobs.Copy(Sources.FromMemory<Trade>(Trades), 4096, new CsvFileSink<Trade, TradeCsvFormat>(path)).RunAsync();
        Assert.Equal(Count + 1, File.ReadLines(path).Count());

        var sink = new CollectionSink<Trade>();
        var source = new CsvFileSource<Trade, TradeCsvFormat>(path, new FileSourceOptions { BufferSize = bufferSize });
        JobResult result = await Jobs.Copy(source, batchSize, sink).RunAsync();

        Assert.Equal(Count, result.RecordsRead);
        Assert.Equal(Trades, sink.Items);
    }

    [Theory]
    [MemberData(nameof(BatchAndBufferSizes))]
    public async Task A_large_json_lines_file_round_trips(int batchSize, int bufferSize)
    {
        string path = _dir.File("trades.jsonl");
        await Jobs.Copy(Sources.FromMemory<Trade>(Trades), 4096, new JsonLinesFileSink<Trade, TradeJsonFormat>(path)).RunAsync();
        Assert.Equal(Count, File.ReadLines(path).Count());

        var sink = new CollectionSink<Trade>();
        var source = new JsonLinesFileSource<Trade, TradeJsonFormat>(path, new FileSourceOptions { BufferSize = bufferSize });
        JobResult result = await Jobs.Copy(source, batchSize, sink).RunAsync();

        Assert.Equal(Count, result.RecordsRead);
        Assert.Equal(Trades, sink.Items);
    }

    [Fact]
    public async Task Batches_hold_at_most_max_count_records_and_are_full_until_the_last()
    {
        string path = _dir.File("trades.csv");
        await Jobs.Copy(Sources.FromMemory<Trade>(Trades.AsMemory(0, 1000)), 4096, new CsvFileSink<Trade, TradeCsvFormat>(path)).RunAsync();
        var source = new CsvFileSource<Trade, TradeCsvFormat>(path, new FileSourceOptions { BufferSize = 512 });

        var sizes = new List<int>();
        long nextId = 0;
        await using (ISourceReader<Trade> reader = source.Open())
        {
            while (true)
            {
                ReadOnlyMemory<Trade> batch = await reader.ReadBatchAsync(7, CancellationToken.None);
                if (batch.IsEmpty)
                {
                    break;
                }
                sizes.Add(batch.Length);
                foreach (Trade trade in batch.Span)
                {
                    Assert.Equal(nextId++, trade.Id);
                }
            }
            Assert.True((await reader.ReadBatchAsync(7, CancellationToken.None)).IsEmpty); // stays ended
        }

        Assert.Equal(1000, nextId);
        Assert.All(sizes.SkipLast(1), size => Assert.Equal(7, size));
        Assert.Equal(1000 % 7, sizes[^1]);
    }

    [Fact]
    public async Task A_line_much_longer_than_the_buffer_is_read_whole()
    {
        Trade[] trades =
        [
            new(1, new string('a', 300_000) + ",\"", 1, true, DateTime.UnixEpoch, Side.Buy),
            new(2, "short", 2, false, DateTime.UnixEpoch, Side.Sell),
            new(3, new string('日', 100_000), 3, true, DateTime.UnixEpoch, Side.Buy),
        ];
        string csv = _dir.File("long.csv");
        string json = _dir.File("long.jsonl");
        await Jobs.Copy(Sources.FromMemory<Trade>(trades), 4096,
            new CsvFileSink<Trade, TradeCsvFormat>(csv), new JsonLinesFileSink<Trade, TradeJsonFormat>(json)).RunAsync();

        var fromCsv = new CollectionSink<Trade>();
        var fromJson = new CollectionSink<Trade>();
        await Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(csv, new FileSourceOptions { BufferSize = 1024 }), 2, fromCsv).RunAsync();
        await Jobs.Copy(new JsonLinesFileSource<Trade, TradeJsonFormat>(json, new FileSourceOptions { BufferSize = 1024 }), 2, fromJson).RunAsync();

        Assert.Equal(trades, fromCsv.Items);
        Assert.Equal(trades, fromJson.Items);
    }
}
