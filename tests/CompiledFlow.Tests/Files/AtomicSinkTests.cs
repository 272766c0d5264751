using CompiledFlow.Tests.Formats;

namespace CompiledFlow.Tests.Files;

public sealed class AtomicSinkTests : IDisposable
{
    private static readonly Trade[] Trades =
    [
        new(1, "MSFT", 1.5, true, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), Side.Buy),
        new(2, "AAPL", 2.5, false, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), Side.Sell),
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Formats => new() { "csv", "jsonl" };

    private static ISink<Trade> Sink(string format, string path) => format == "csv"
        ? new CsvFileSink<Trade, TradeCsvFormat>(path)
        : new JsonLinesFileSink<Trade, TradeJsonFormat>(path);

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task The_file_appears_only_on_commit(string format)
    {
        string path = _dir.File("out." + format);

        await using ISinkWriter<Trade> writer = Sink(format, path).Open();
        await writer.WriteBatchAsync(Trades, CancellationToken.None);

        Assert.False(File.Exists(path));
        string temp = Assert.Single(_dir.FileNames());
        Assert.StartsWith($"out.{format}.inprogress-", temp);

        await writer.CommitAsync(CancellationToken.None);

        Assert.Equal([$"out.{format}"], _dir.FileNames());
        Assert.Equal(format == "csv" ? 3 : 2, File.ReadAllLines(path).Length);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Disposing_without_commit_removes_the_temporary_file(string format)
    {
        string path = _dir.File("out." + format);

        await using (ISinkWriter<Trade> writer = Sink(format, path).Open())
        {
            await writer.WriteBatchAsync(Trades, CancellationToken.None);
            Assert.Single(_dir.FileNames());
        }

        Assert.Empty(_dir.FileNames());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_failed_job_leaves_no_file_and_keeps_the_old_one(string format)
    {
        string fresh = _dir.File("fresh." + format);
        string existing = _dir.File("existing." + format);
        File.WriteAllText(existing, "old content\n");
        var source = new FailingSource<Trade>(Trades);

        var error = await Assert.ThrowsAsync<IOException>(() =>
            Jobs.Copy(source, 4096, Sink(format, fresh), Sink(format, existing)).RunAsync().AsTask());

        Assert.Equal("the source broke", error.Message);
        Assert.Equal([$"existing.{format}"], _dir.FileNames());
        Assert.Equal("old content\n", File.ReadAllText(existing));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Commit_replaces_an_existing_file(string format)
    {
        string path = _dir.File("out." + format);
        File.WriteAllText(path, "old content\n");

        await Jobs.Copy(Sources.FromMemory<Trade>(Trades), 4096, Sink(format, path)).RunAsync();

        Assert.Equal([$"out.{format}"], _dir.FileNames());
        string text = File.ReadAllText(path);
        Assert.DoesNotContain("old content", text);
        Assert.Contains("AAPL", text);
    }

    [Fact]
    public async Task The_sink_creates_a_missing_directory_and_refuses_a_second_commit()
    {
        string path = Path.Combine(_dir.Path, "a", "b", "out.csv");

        await using ISinkWriter<Trade> writer = new CsvFileSink<Trade, TradeCsvFormat>(path).Open();
        await writer.WriteBatchAsync(Trades, CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);

        Assert.True(File.Exists(path));
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CommitAsync(CancellationToken.None).AsTask());
    }
}
