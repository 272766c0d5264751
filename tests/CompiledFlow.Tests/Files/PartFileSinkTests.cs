using CompiledFlow.Tests.Formats;
using Bid = CompiledFlow.Tests.Pipelines.Bid;
using CentBids = CompiledFlow.Tests.Pipelines.CentBids;

namespace CompiledFlow.Tests.Files;

/// <summary>
/// The part-file sinks: a directory of <c>part-000007.csv</c> files, one per checkpoint, written
/// exactly once by two-phase commit, and rolled back to the restored checkpoint on recovery.
/// </summary>
public sealed class PartFileSinkTests : IDisposable
{
    private const string Header = "Id,Symbol,Price,Buy,Time,Side";
    private static readonly DateTime Time = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Trade[] Trades(params long[] ids) => ids.Select(id => new Trade(id, "MSFT", 1.5, true, Time, Side.Buy)).ToArray();

    private static string Line(long id) => $"{id},MSFT,1.5,true,2024-03-01T00:00:00.0000000Z,Buy";

    private CsvPartFileSink<Trade, TradeCsvFormat> Csv(FileSinkOptions? options = null) => new(_dir.Path, options);

    private static ValueTask<ITwoPhaseCommitWriter<Trade>> Open(ITwoPhaseCommitSink<Trade> sink, long checkpointId = 0, params string[] preCommitted) =>
        sink.OpenAsync(new SinkRecovery(checkpointId, preCommitted), CancellationToken.None);

    /// <summary>Writes one transaction per element of <paramref name="checkpoints"/> and pre-commits it at that checkpoint; returns the names.</summary>
    private static async Task<string?[]> PreCommit(ITwoPhaseCommitWriter<Trade> writer, params (long Checkpoint, long[] Ids)[] checkpoints)
    {
        var names = new List<string?>();
        foreach ((long checkpoint, long[] ids) in checkpoints)
        {
            await writer.WriteBatchAsync(Trades(ids), CancellationToken.None);
            names.Add(await writer.PreCommitAsync(checkpoint, CancellationToken.None));
        }
        return [.. names];
    }

    private string[] Committed(string extension = ".csv") =>
        _dir.FileNames().Where(name => name.EndsWith(extension, StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task Parts_get_their_final_name_only_when_committed()
    {
        await using ITwoPhaseCommitWriter<Trade> writer = await Open(Csv());

        await writer.WriteBatchAsync(Trades(1, 2), CancellationToken.None);
        Assert.Equal(["part-000001.csv.inprogress"], _dir.FileNames());
        string? first = await writer.PreCommitAsync(1, CancellationToken.None);
        Assert.Equal("part-000001.csv.inprogress", first);

        await writer.WriteBatchAsync(Trades(3), CancellationToken.None);
        Assert.Equal(["part-000001.csv.inprogress", "part-000002.csv.inprogress"], _dir.FileNames());
        Assert.Empty(Committed());

        await writer.CommitAsync([first!], CancellationToken.None);
        Assert.Equal(["part-000001.csv"], Committed());
        Assert.Equal([Header, Line(1), Line(2)], File.ReadAllLines(_dir.File("part-000001.csv")));

        string? second = await writer.PreCommitAsync(2, CancellationToken.None);
        await writer.CommitAsync([second!], CancellationToken.None);
        Assert.Equal(["part-000001.csv", "part-000002.csv"], _dir.FileNames());
        Assert.Equal([Header, Line(3)], File.ReadAllLines(_dir.File("part-000002.csv")));
    }

    [Fact]
    public async Task A_transaction_without_records_leaves_no_file_and_the_directory_is_created()
    {
        string directory = Path.Combine(_dir.Path, "a", "b");
        var sink = new CsvPartFileSink<Trade, TradeCsvFormat>(directory);
        await using ITwoPhaseCommitWriter<Trade> writer = await Open(sink);

        await writer.WriteBatchAsync(ReadOnlyMemory<Trade>.Empty, CancellationToken.None);

        Assert.Null(await writer.PreCommitAsync(1, CancellationToken.None));
        Assert.True(Directory.Exists(directory));
        Assert.Empty(Directory.GetFiles(directory));
        Assert.Equal((string?[])[null, "part-000003.csv.inprogress"], await PreCommit(writer, (2, []), (3, [1])));
    }

    [Fact]
    public async Task Committing_twice_is_harmless_but_a_lost_part_is_an_error()
    {
        await using ITwoPhaseCommitWriter<Trade> writer = await Open(Csv());
        string?[] names = await PreCommit(writer, (1, [1]));

        await writer.CommitAsync([names[0]!], CancellationToken.None);
        await writer.CommitAsync([names[0]!], CancellationToken.None);

        Assert.Equal(["part-000001.csv"], _dir.FileNames());
        var error = await Assert.ThrowsAsync<IOException>(() =>
            writer.CommitAsync(["part-000002.csv.inprogress"], CancellationToken.None).AsTask());
        Assert.Contains("'part-000002.csv.inprogress'", error.Message);
        Assert.Contains("part-000002.csv'", error.Message);
    }

    [Fact]
    public async Task Checkpoint_ids_must_increase()
    {
        await using ITwoPhaseCommitWriter<Trade> writer = await Open(Csv(), checkpointId: 4);
        await writer.WriteBatchAsync(Trades(1), CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => writer.PreCommitAsync(4, CancellationToken.None).AsTask());
        Assert.Equal("part-000005.csv.inprogress", await writer.PreCommitAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task Disposing_aborts_the_open_part_and_keeps_the_pre_committed_ones()
    {
        await using (ITwoPhaseCommitWriter<Trade> writer = await Open(Csv()))
        {
            await PreCommit(writer, (1, [1]), (2, [2]));
            await writer.WriteBatchAsync(Trades(3), CancellationToken.None);
            Assert.Equal(3, _dir.FileNames().Length);
        }

        Assert.Equal(["part-000001.csv.inprogress", "part-000002.csv.inprogress"], _dir.FileNames());
    }

    [Fact]
    public async Task Recovery_commits_the_pre_committed_parts_and_aborts_the_others()
    {
        string?[] names;
        await using (ITwoPhaseCommitWriter<Trade> crashed = await Open(Csv()))
        {
            names = await PreCommit(crashed, (1, [1]), (2, [2]), (3, [3]));
            await crashed.CommitAsync([names[0]!], CancellationToken.None); // checkpoint 1 committed, 2 stored but not committed, 3 never stored
        }
        File.WriteAllText(_dir.File("part-000004.csv.inprogress"), "left by a crash\n");

        await using ITwoPhaseCommitWriter<Trade> restored = await Open(Csv(), checkpointId: 2, names[0]!, names[1]!);

        Assert.Equal(["part-000001.csv", "part-000002.csv"], _dir.FileNames());
        Assert.Equal([Header, Line(2)], File.ReadAllLines(_dir.File("part-000002.csv")));
        Assert.Equal((string?[])["part-000003.csv.inprogress"], await PreCommit(restored, (3, [30])));
        await restored.CommitAsync(["part-000003.csv.inprogress"], CancellationToken.None);
        Assert.Equal([Header, Line(30)], File.ReadAllLines(_dir.File("part-000003.csv")));
    }

    [Fact]
    public async Task Recovery_rolls_back_parts_committed_after_the_restored_checkpoint()
    {
        await using (ITwoPhaseCommitWriter<Trade> first = await Open(Csv()))
        {
            string?[] names = await PreCommit(first, (1, [1]), (2, [2]), (3, [3]));
            await first.CommitAsync([.. names.OfType<string>()], CancellationToken.None);
        }

        await using (ITwoPhaseCommitWriter<Trade> restored = await Open(Csv(), checkpointId: 1))
        {
            Assert.Equal(["part-000001.csv"], _dir.FileNames());
            Assert.Equal((string?[])["part-000002.csv.inprogress"], await PreCommit(restored, (2, [20])));
        }

        // A fresh start has no checkpoint to roll back to: it keeps what is committed.
        await using ITwoPhaseCommitWriter<Trade> fresh = await Open(Csv());
        Assert.Equal(["part-000001.csv"], _dir.FileNames());
    }

    [Fact]
    public async Task Files_without_the_part_pattern_are_left_alone()
    {
        string[] others =
        [
            "notes.txt", "part-1.csv", "part-1.csv.inprogress", "part-0000002.csv", "part-00000a.csv.inprogress",
            "part-000002.CSV.inprogress", "part-000002.jsonl.inprogress", "part-000002.jsonl", "xpart-000002.csv.inprogress",
            "part-000002.csv.inprogress-1234", "part-+00002.csv",
        ];
        foreach (string name in others)
        {
            File.WriteAllText(_dir.File(name), name);
        }

        await using ITwoPhaseCommitWriter<Trade> writer = await Open(Csv(), checkpointId: 1);

        Assert.Equal(others.Order(StringComparer.Ordinal), _dir.FileNames());
        Assert.All(others, name => Assert.Equal(name, File.ReadAllText(_dir.File(name))));
        await Assert.ThrowsAsync<ArgumentException>(() => writer.CommitAsync(["notes.txt"], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => writer.CommitAsync(["part-000001.csv"], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => writer.CommitAsync(["../part-000001.csv.inprogress"], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => Open(Csv(), 1, "part-000002.csv.inprogress").AsTask());
    }

    [Fact]
    public async Task Every_part_has_the_header_unless_the_options_say_not()
    {
        await using (ITwoPhaseCommitWriter<Trade> writer = await Open(Csv()))
        {
            await writer.CommitAsync([.. (await PreCommit(writer, (1, [1]), (2, [2]))).OfType<string>()], CancellationToken.None);
        }

        Assert.Equal([Header, Line(1)], File.ReadAllLines(_dir.File("part-000001.csv")));
        Assert.Equal([Header, Line(2)], File.ReadAllLines(_dir.File("part-000002.csv")));

        await using (ITwoPhaseCommitWriter<Trade> writer = await Open(Csv(new FileSinkOptions { WriteHeader = false })))
        {
            await writer.CommitAsync([.. (await PreCommit(writer, (1, [1]), (2, [2]))).OfType<string>()], CancellationToken.None);
        }

        Assert.Equal([Line(1)], File.ReadAllLines(_dir.File("part-000001.csv")));
        Assert.Equal([Line(2)], File.ReadAllLines(_dir.File("part-000002.csv")));
    }

    [Fact]
    public async Task Json_lines_parts_go_through_the_same_lifecycle()
    {
        var sink = new JsonLinesPartFileSink<Trade, TradeJsonFormat>(_dir.Path);
        await using (ITwoPhaseCommitWriter<Trade> writer = await Open(sink))
        {
            string?[] names = await PreCommit(writer, (1, [1, 2]), (2, []), (3, [3]));
            Assert.Equal((string?[])["part-000001.jsonl.inprogress", null, "part-000003.jsonl.inprogress"], names);
            await writer.CommitAsync([names[0]!], CancellationToken.None);
            await writer.WriteBatchAsync(Trades(4), CancellationToken.None);
        }

        await using ITwoPhaseCommitWriter<Trade> restored = await Open(sink, checkpointId: 3, "part-000003.jsonl.inprogress");

        Assert.Equal(["part-000001.jsonl", "part-000003.jsonl"], _dir.FileNames());
        var read = new CollectionSink<Trade>();
        await Jobs.Copy(new JsonLinesFileSource<Trade, TradeJsonFormat>(_dir.File("part-000001.jsonl")), 4096, read).RunAsync();
        await Jobs.Copy(new JsonLinesFileSource<Trade, TradeJsonFormat>(_dir.File("part-000003.jsonl")), 4096, read).RunAsync();
        Assert.Equal(Trades(1, 2, 3), read.Items);
    }

    [Fact]
    public async Task Without_checkpoints_a_generated_pipeline_writes_one_committed_part()
    {
        Bid[] bids = Enumerable.Range(0, 1_000).Select(i => new Bid(i, i % 13, i % 50, i * 3L)).ToArray();
        string csv = _dir.File("csv");
        string json = _dir.File("json");
        Directory.CreateDirectory(csv);
        File.WriteAllText(Path.Combine(csv, "part-000007.csv.inprogress"), "left by a crash\n");

        CentBids.CreateJob()
            .From(Sources.FromMemory<Bid>(bids))
            .To(CentBids.Files.WriteCsvParts(csv))
            .To(CentBids.Files.WriteJsonLinesParts(json))
            .WithOptions(new JobOptions { BatchSize = 64 })
            .Run();

        List<Bid> expected = CentBids.Run(bids);
        Assert.Equal(["part-000001.csv"], Directory.GetFiles(csv).Select(Path.GetFileName));
        Assert.Equal(["part-000001.jsonl"], Directory.GetFiles(json).Select(Path.GetFileName));
        string[] lines = File.ReadAllLines(Path.Combine(csv, "part-000001.csv"));
        Assert.Equal("Auction,Bidder,Price,DateTime", lines[0]);
        Assert.Equal(expected.Select(b => $"{b.Auction},{b.Bidder},{b.Price},{b.DateTime}"), lines.Skip(1));
        var fromJson = new CollectionSink<Bid>();
        await Jobs.Copy(CentBids.Files.ReadJsonLines(Path.Combine(json, "part-000001.jsonl")), 4096, fromJson).RunAsync();
        Assert.Equal(expected, fromJson.Items);
    }

    [Fact]
    public async Task Without_checkpoints_a_failed_job_commits_no_part()
    {
        var error = await Assert.ThrowsAsync<IOException>(() =>
            Jobs.Copy(new FailingSource<Trade>(Trades(1, 2)), 4096, Csv()).RunAsync().AsTask());

        Assert.Equal("the source broke", error.Message);
        Assert.Empty(_dir.FileNames());
    }

    [Fact]
    public async Task Without_checkpoints_a_writer_commits_once()
    {
        await using ISinkWriter<Trade> writer = Csv().Open();
        await writer.WriteBatchAsync(Trades(1), CancellationToken.None);
        Assert.Equal(["part-000001.csv.inprogress"], _dir.FileNames());

        await writer.CommitAsync(CancellationToken.None);

        Assert.Equal(["part-000001.csv"], _dir.FileNames());
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CommitAsync(CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteBatchAsync(Trades(2), CancellationToken.None).AsTask());
    }
}
