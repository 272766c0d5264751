using System.Globalization;
using System.Text;
using CompiledFlow.Tests.Checkpointing;
using CompiledFlow.Tests.Formats;
using CompiledFlow.Tests.Pipelines;
using Side = CompiledFlow.Tests.Formats.Side;

namespace CompiledFlow.Tests.Files;

/// <summary>
/// The file sources restart where a checkpoint left them: at every batch boundary, whatever the
/// batch and buffer sizes, the rest of the file reads exactly as in an uninterrupted read, with the
/// same line numbers in errors and rejects, through BOMs, CRLFs, blank lines and a last line
/// without newline; a position the file no longer fits is a <see cref="CheckpointException"/>.
/// </summary>
public sealed class FileSourceRestoreTests : IDisposable
{
    private const string Header = "Id,Symbol,Price,Buy,Time,Side";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int, int, bool> Reads()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (int batchSize in new[] { 1, 2, 3, 7 })
        {
            foreach (int bufferSize in new[] { 16, 64 * 1024 })
            {
                data.Add(batchSize, bufferSize, batchSize % 2 == 0);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_csv_file_restored_at_every_batch_boundary_reads_the_rest_exactly(int batchSize, int bufferSize, bool finalNewline)
    {
        string path = _dir.File("trades.csv");
        File.WriteAllText(path, "\uFEFF" + Header.ToLowerInvariant() + "\r\n" + Body(40, CsvLine, finalNewline), Utf8);

        await AssertRestoresAtEveryBoundary(position => new CsvFileSource<Trade, TradeCsvFormat>(path, new FileSourceOptions { BufferSize = bufferSize }).Open(position), batchSize, 40);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_json_lines_file_restored_at_every_batch_boundary_reads_the_rest_exactly(int batchSize, int bufferSize, bool finalNewline)
    {
        string path = _dir.File("trades.jsonl");
        File.WriteAllText(path, "\uFEFF" + Body(40, JsonLine, finalNewline), Utf8);

        await AssertRestoresAtEveryBoundary(position => new JsonLinesFileSource<Trade, TradeJsonFormat>(path, new FileSourceOptions { BufferSize = bufferSize }).Open(position), batchSize, 40);
    }

    [Fact]
    public async Task The_position_is_the_byte_offset_just_past_the_last_line_a_batch_consumed()
    {
        string path = _dir.File("small.csv");
        string first = CsvLine(1);
        string second = CsvLine(2);
        File.WriteAllText(path, "\uFEFF" + Header + "\r\n" + first + "\r\n\r\n  \n" + second, Utf8);
        long afterFirst = 3 + Header.Length + 2 + Utf8.GetByteCount(first) + 2;
        var source = new CsvFileSource<Trade, TradeCsvFormat>(path);

        await using (ISourceReader<Trade> reader = source.Open())
        {
            Assert.Equal(0, Position(reader));
            Assert.Equal([Trade(1)], (await reader.ReadBatchAsync(1, CancellationToken.None)).ToArray());
            Assert.Equal(afterFirst, Position(reader)); // the blank lines after it are not consumed yet
            Assert.Equal([Trade(2)], (await reader.ReadBatchAsync(1, CancellationToken.None)).ToArray());
            Assert.Equal(new FileInfo(path).Length, Position(reader));
            Assert.True((await reader.ReadBatchAsync(1, CancellationToken.None)).IsEmpty);
            Assert.Equal(new FileInfo(path).Length, Position(reader));
        }

        await using ISourceReader<Trade> restored = source.Open(afterFirst);
        Assert.Equal(afterFirst, Position(restored));
        Assert.Equal([Trade(2)], await ReadRest(restored, 5));
    }

    [Fact]
    public async Task A_csv_file_without_header_restores_too()
    {
        string path = _dir.File("noheader.csv");
        File.WriteAllText(path, Body(12, CsvLine, finalNewline: true), Utf8);

        await AssertRestoresAtEveryBoundary(position => new CsvFileSource<Trade, TradeCsvFormat>(path, new FileSourceOptions { HasHeader = false }).Open(position), 5, 12);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public async Task After_a_restore_a_malformed_line_is_reported_at_its_exact_line_and_column(string kind)
    {
        string path = _dir.File("bad." + kind);
        Func<int, string> line = kind == "csv" ? CsvLine : JsonLine;
        // Lines: [header,] 10 records in mixed endings with blank lines, then the bad one.
        string bad = kind == "csv" ? "99,X,abc,true,2024-03-01T12:00:00Z,Buy" : """{"Id":99,"Symbol":"X","Price":,"Buy":true}""";
        string prefix = (kind == "csv" ? Header + "\r\n" : "") + Body(10, line, finalNewline: true);
        File.WriteAllText(path, prefix + bad + "\n" + line(11) + "\n", Utf8);
        long badLine = prefix.Count(c => c == '\n') + 1;
        Func<long, ISourceReader<Trade>> open = kind == "csv"
            ? position => new CsvFileSource<Trade, TradeCsvFormat>(path, new FileSourceOptions { BufferSize = 16 }).Open(position)
            : position => new JsonLinesFileSource<Trade, TradeJsonFormat>(path, new FileSourceOptions { BufferSize = 16 }).Open(position);

        var positions = new List<long>();
        RecordFormatException expected;
        await using (ISourceReader<Trade> reader = open(0))
        {
            expected = await Assert.ThrowsAsync<RecordFormatException>(async () =>
            {
                while (true)
                {
                    positions.Add(Position(reader));
                    await reader.ReadBatchAsync(1, CancellationToken.None);
                }
            });
        }
        Assert.Equal(badLine, expected.Line);
        Assert.Equal(11, positions.Count); // before each of the 10 records, then before the bad line

        foreach (long position in positions)
        {
            await using ISourceReader<Trade> restored = open(position);
            var error = await Assert.ThrowsAsync<RecordFormatException>(() => ReadRest(restored, 2));
            Assert.Equal(expected.Message, error.Message);
            Assert.Equal(badLine, error.Line);
            Assert.Equal(expected.Column, error.Column);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFullPath(path)}({badLine},{expected.Column}): "), error.Message);
        }
    }

    [Fact]
    public async Task Rejected_lines_after_a_restore_keep_their_line_numbers_and_are_not_rejected_twice()
    {
        string path = _dir.File("rejects.csv");
        var text = new StringBuilder(Header + "\n");
        for (int i = 1; i <= 20; i++)
        {
            text.Append(i % 4 == 0 ? $"{i},X,bad{i},true,2024-03-01T12:00:00Z,Buy" : CsvLine(i)).Append(i % 3 == 0 ? "\r\n" : "\n");
            if (i % 5 == 0)
            {
                text.Append('\n');
            }
        }
        File.WriteAllText(path, text.ToString(), Utf8);
        byte[] bytes = File.ReadAllBytes(path);

        var all = new RejectedRecordList();
        var positions = new List<long>();
        var counts = new List<int>();
        var records = new List<Trade>();
        await using (ISourceReader<Trade> reader = new CsvFileSource<Trade, TradeCsvFormat>(path, new FileSourceOptions { RejectTo = all }).Open())
        {
            await ReadAll(reader, 2, records, positions, counts);
        }
        Assert.Equal([5L, 10, 15, 20, 24], all.Select(r => r.Line)); // record i is on line 1 + i + (i - 1) / 5
        Assert.Equal(15, records.Count);

        for (int b = 0; b < positions.Count; b++)
        {
            var rejected = new RejectedRecordList();
            await using ISourceReader<Trade> restored = new CsvFileSource<Trade, TradeCsvFormat>(path, new FileSourceOptions { RejectTo = rejected }).Open(positions[b]);
            Assert.Equal(records.Skip(counts[b]), await ReadRest(restored, 3));
            long linesBefore = bytes.AsSpan(0, (int)positions[b]).Count((byte)'\n');
            Assert.Equal(all.Where(r => r.Line > linesBefore), rejected);
        }
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public async Task A_position_past_the_end_or_inside_a_line_is_a_checkpoint_exception_naming_file_and_position(string kind)
    {
        string path = _dir.File("changed." + kind);
        Func<int, string> line = kind == "csv" ? CsvLine : JsonLine;
        File.WriteAllText(path, (kind == "csv" ? Header + "\n" : "") + Body(6, line, finalNewline: false), Utf8);
        long length = new FileInfo(path).Length;
        Func<long, ISourceReader<Trade>> open = kind == "csv"
            ? position => new CsvFileSource<Trade, TradeCsvFormat>(path).Open(position)
            : position => new JsonLinesFileSource<Trade, TradeJsonFormat>(path).Open(position);
        long afterFirstBatch;
        await using (ISourceReader<Trade> reader = open(0))
        {
            await reader.ReadBatchAsync(2, CancellationToken.None);
            afterFirstBatch = Position(reader);
        }

        foreach (long position in new[] { length + 1, length + 1000, afterFirstBatch + 1, afterFirstBatch - 1, length - 1 })
        {
            var error = Assert.Throws<CheckpointException>(() => open(position));
            Assert.Contains(Path.GetFullPath(path), error.Message);
            Assert.Contains(position.ToString(CultureInfo.InvariantCulture), error.Message);
            Assert.Contains("the file changed since the checkpoint", error.Message);
        }
        Assert.Contains("not a byte offset", Assert.Throws<CheckpointException>(() => open(-1)).Message);

        // The end of a file whose last line has no newline is where a finished reader stands: nothing is left.
        await using ISourceReader<Trade> atEnd = open(length);
        Assert.Empty(await ReadRest(atEnd, 4));
    }

    [Fact]
    public async Task A_header_changed_since_the_checkpoint_fails_at_line_1_on_restore()
    {
        string path = _dir.File("header.csv");
        File.WriteAllText(path, Header + "\n" + Body(4, CsvLine, finalNewline: true), Utf8);
        long position;
        await using (ISourceReader<Trade> reader = new CsvFileSource<Trade, TradeCsvFormat>(path).Open())
        {
            await reader.ReadBatchAsync(2, CancellationToken.None);
            position = Position(reader);
        }
        File.WriteAllText(path, Header.Replace("Side", "Sode", StringComparison.Ordinal) + "\n" + Body(4, CsvLine, finalNewline: true), Utf8);

        var error = Assert.Throws<RecordFormatException>(() => new CsvFileSource<Trade, TradeCsvFormat>(path).Open(position));
        Assert.Equal(1, error.Line);
        Assert.Contains("the header does not match", error.Reason);
    }

    [Fact]
    public void A_checkpointed_job_reading_csv_files_crashes_and_recovers_to_exactly_the_uninterrupted_output()
    {
        Bid[] bids = TestData.Bids(seed: 12, count: 3_000, maxDelay: 2_000);
        string[] paths = [_dir.File("bids-0.csv"), _dir.File("bids-1.csv")];
        for (int split = 0; split < paths.Length; split++)
        {
            var text = new StringBuilder("\uFEFFAuction,Bidder,Price,DateTime\r\n");
            int i = 0;
            foreach (Bid bid in bids.Where((_, index) => index % paths.Length == split))
            {
                text.Append(CultureInfo.InvariantCulture, $"{bid.Auction},{bid.Bidder},{bid.Price},{bid.DateTime}").Append(++i % 3 == 0 ? "\r\n" : "\n");
                if (i % 50 == 0)
                {
                    text.Append("\r\n");
                }
            }
            File.WriteAllText(paths[split], text.ToString(), Utf8);
        }

        var uninterrupted = new CollectionSink<(long, long, long, long)>();
        HotAuctions.CreateJob().From(Sources.FromSplits([.. paths.Select(path => HotAuctions.Files.ReadCsv(path))])).To(uninterrupted)
            .WithOptions(new JobOptions { Parallelism = 1, BatchSize = 16 }).Run();

        using var directory = new CheckpointDirectory();
        var sink = new CollectionSink<(long, long, long, long)>();
        var random = new Random(12);
        int crashed = 0;
        long read = 0;
        for (int attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 50, "the job never finished");
            long before = directory.Complete().LastOrDefault();
            int crashAfter = crashed < 3 ? random.Next(2, 12) : -1;
            Func<bool> mayCrash = () => directory.Complete().LastOrDefault() > before;
            var sources = paths.Select(path => new CrashingFileSource<Bid>((IRestorableSource<Bid>)HotAuctions.Files.ReadCsv(path), crashAfter, mayCrash)).ToArray();
            try
            {
                JobResult result = HotAuctions.CreateJob()
                    .From(Sources.FromSplits<Bid>(sources))
                    .To(sink)
                    .WithOptions(new JobOptions
                    {
                        Parallelism = 2,
                        BatchSize = 16,
                        CheckpointDirectory = directory.Path,
                        CheckpointInterval = TimeSpan.FromMilliseconds(5),
                    })
                    .Run();
                read += result.RecordsRead;
                break;
            }
            catch (SimulatedCrash)
            {
                crashed++;
            }
        }

        Assert.True(crashed >= 1, "the job never crashed: the test proves nothing");
        Assert.NotEmpty(uninterrupted.Items);
        Assert.Equal(uninterrupted.Items.Order(), sink.Items.Order());
        Assert.True(read < bids.Length, $"the last run read {read} of {bids.Length} bids: it did not restart where the checkpoint left the files");
    }

    /// <summary>
    /// Reads the whole file in batches of <paramref name="batchSize"/>, then, from the position
    /// before each batch and after the last, reopens the file and reads the rest: it must be the
    /// records that followed in the uninterrupted read.
    /// </summary>
    private static async Task AssertRestoresAtEveryBoundary(Func<long, ISourceReader<Trade>> open, int batchSize, int expectedCount)
    {
        var records = new List<Trade>();
        var positions = new List<long>();
        var counts = new List<int>();
        await using (ISourceReader<Trade> reader = open(0))
        {
            await ReadAll(reader, batchSize, records, positions, counts);
        }
        Assert.Equal(Enumerable.Range(1, expectedCount).Select(Trade), records);
        Assert.Equal((expectedCount + batchSize - 1) / batchSize + 1, positions.Count);

        for (int b = 0; b < positions.Count; b++)
        {
            foreach (int restoredBatchSize in new[] { 1, batchSize + 2 })
            {
                await using ISourceReader<Trade> restored = open(positions[b]);
                Assert.Equal(positions[b], Position(restored));
                Assert.Equal(records.Skip(counts[b]), await ReadRest(restored, restoredBatchSize));
                Assert.Equal(positions[^1], Position(restored));
            }
        }
    }

    /// <summary>Reads to the end, noting the position and the records read so far before each batch and at the end.</summary>
    private static async Task ReadAll(ISourceReader<Trade> reader, int batchSize, List<Trade> records, List<long> positions, List<int> counts)
    {
        while (true)
        {
            positions.Add(Position(reader));
            counts.Add(records.Count);
            ReadOnlyMemory<Trade> batch = await reader.ReadBatchAsync(batchSize, CancellationToken.None);
            if (batch.IsEmpty)
            {
                break;
            }
            records.AddRange(batch.ToArray());
        }
        Assert.True(positions.SequenceEqual(positions.Order()), "positions only move forward");
    }

    private static async Task<List<Trade>> ReadRest(ISourceReader<Trade> reader, int batchSize)
    {
        var records = new List<Trade>();
        while (true)
        {
            ReadOnlyMemory<Trade> batch = await reader.ReadBatchAsync(batchSize, CancellationToken.None);
            if (batch.IsEmpty)
            {
                return records;
            }
            records.AddRange(batch.ToArray());
        }
    }

    private static long Position(ISourceReader<Trade> reader) => Assert.IsAssignableFrom<IPositionedReader>(reader).Position;

    /// <summary>Records 1..count as lines, ending in LF or CRLF, with blank and whitespace-only lines between some.</summary>
    private static string Body(int count, Func<int, string> line, bool finalNewline)
    {
        var text = new StringBuilder();
        for (int i = 1; i <= count; i++)
        {
            text.Append(line(i));
            if (i < count || finalNewline)
            {
                text.Append(i % 3 == 0 ? "\r\n" : "\n");
            }
            if (i < count && i % 4 == 0)
            {
                text.Append(i % 8 == 0 ? " \t\r\n" : "\n");
            }
        }
        return text.ToString();
    }

    private static Trade Trade(int i) =>
        new(i, i % 2 == 0 ? "日本 " + i : "MSFT", i * 0.5, i % 3 == 0, new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc).AddSeconds(i), (Side)(i % 2));

    private static string CsvLine(int i)
    {
        Trade t = Trade(i);
        return string.Create(CultureInfo.InvariantCulture, $"{t.Id},\"{t.Symbol}\",{t.Price},{t.Buy},{t.Time:O},{t.Side}");
    }

    private static string JsonLine(int i)
    {
        Trade t = Trade(i);
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"Id":{{t.Id}},"Symbol":"{{t.Symbol}}","Price":{{t.Price}},"Buy":{{(t.Buy ? "true" : "false")}},"Time":"{{t.Time:O}}","Side":"{{t.Side}}"}""");
    }

    /// <summary>
    /// Wraps a restorable file source so that, like <see cref="CrashingSource{T}"/>, it fails as a
    /// crash would after <c>crashAfterBatches</c> batches once a new checkpoint is complete, and
    /// waits a millisecond before each batch so checkpoints interleave with the records.
    /// </summary>
    private sealed class CrashingFileSource<T>(IRestorableSource<T> inner, int crashAfterBatches, Func<bool> mayCrash) : IRestorableSource<T>
    {
        public ISourceReader<T> Open() => new Reader(inner.Open(), crashAfterBatches, mayCrash);

        public ISourceReader<T> Open(long position) => new Reader(inner.Open(position), crashAfterBatches, mayCrash);

        private sealed class Reader(ISourceReader<T> inner, int crashAfterBatches, Func<bool> mayCrash) : ISourceReader<T>, IPositionedReader
        {
            private int _batches;

            public long Position => ((IPositionedReader)inner).Position;

            public async ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
            {
                bool due = ++_batches > crashAfterBatches && crashAfterBatches >= 0;
                if (due && mayCrash())
                {
                    throw new SimulatedCrash();
                }
                await Task.Delay(due ? 10 : 1, cancellationToken);
                return await inner.ReadBatchAsync(maxCount, cancellationToken);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
