using System.Text;
using CompiledFlow.Tests.Formats;

namespace CompiledFlow.Tests.Files;

public sealed class CsvFileTests : IDisposable
{
    private const string Header = "Id,Symbol,Price,Buy,Time,Side";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static DateTime At(int second) => new(2024, 3, 1, 12, 0, second, DateTimeKind.Utc);

    [Fact]
    public async Task A_file_goes_through_a_job_to_a_file_and_back()
    {
        string input = _dir.File("in.csv");
        // BOM, CRLF, blank lines, quoting, a sloppy but valid last line without a newline.
        File.WriteAllText(input,
            "\uFEFFid,symbol,price,buy,time,side\r\n" +
            "1,MSFT,412.5,true,2024-03-01T12:00:00.0000000Z,Buy\r\n" +
            "\r\n" +
            "2,\"A,B \"\"C\"\"\",0.1,false,2024-03-01T12:00:01.0000000Z,Sell\n" +
            "   \n" +
            "3,,1e3,TRUE,2024-03-01T12:00:02Z,sell",
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        string output = _dir.File("out.csv");
        var memory = new CollectionSink<Trade>();

        JobResult result = await Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(input), 2,
            memory, new CsvFileSink<Trade, TradeCsvFormat>(output)).RunAsync();

        Trade[] expected =
        [
            new(1, "MSFT", 412.5, true, At(0), Side.Buy),
            new(2, "A,B \"C\"", 0.1, false, At(1), Side.Sell),
            new(3, "", 1000, true, At(2), Side.Sell),
        ];
        Assert.Equal(expected, memory.Items);
        Assert.Equal(3, result.RecordsRead);
        Assert.Equal(
            Header + "\n" +
            "1,MSFT,412.5,true,2024-03-01T12:00:00.0000000Z,Buy\n" +
            "2,\"A,B \"\"C\"\"\",0.1,false,2024-03-01T12:00:01.0000000Z,Sell\n" +
            "3,,1000,true,2024-03-01T12:00:02.0000000Z,Sell\n",
            File.ReadAllText(output));
        Assert.Equal(["in.csv", "out.csv"], _dir.FileNames());

        var again = new CollectionSink<Trade>();
        await Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(output), 4096, again).RunAsync();
        Assert.Equal(expected, again.Items);
    }

    [Fact]
    public async Task A_malformed_line_fails_the_job_naming_file_line_and_column()
    {
        string input = _dir.File("bids.csv");
        File.WriteAllText(input,
            Header + "\n" +
            "1,MSFT,412.5,true,2024-03-01T12:00:00Z,Buy\n" +
            "\n" +
            "2,MSFT,abc,true,2024-03-01T12:00:00Z,Buy\n" +
            "3,MSFT,1,true,2024-03-01T12:00:00Z,Buy\n");
        var sink = new CollectionSink<Trade>();

        var error = await Assert.ThrowsAsync<RecordFormatException>(() =>
            Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(input), 4096, sink).RunAsync().AsTask());

        Assert.Equal(Path.GetFullPath(input), error.FilePath);
        Assert.Equal(4, error.Line);
        Assert.Equal(8, error.Column);
        Assert.Equal("field 'Price': 'abc' is not a valid Double", error.Reason);
        Assert.Equal($"{Path.GetFullPath(input)}(4,8): field 'Price': 'abc' is not a valid Double", error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public async Task With_a_reject_output_bad_lines_are_kept_and_good_ones_all_arrive()
    {
        string input = _dir.File("bids.csv");
        File.WriteAllText(input,
            Header + "\r\n" +
            "1,MSFT,412.5,true,2024-03-01T12:00:00Z,Buy\r\n" +
            "2,MSFT,abc,true,2024-03-01T12:00:00Z,Buy\r\n" +
            "3,MSFT,1,true,2024-03-01T12:00:00Z,Buy,extra\r\n" +
            "4,MSFT,1,true\r\n" +
            "5,\"MSFT,1,true,2024-03-01T12:00:00Z,Buy\r\n" +
            "6,MSFT,2,false,2024-03-01T12:00:00Z,Sell\r\n" +
            "7,MSFT,3,false,2024-03-01T12:00:00Z,Hold");
        var rejected = new RejectedRecordList();
        var sink = new CollectionSink<Trade>();

        JobResult result = await Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(input, new FileSourceOptions { RejectTo = rejected }), 1, sink).RunAsync();

        Assert.Equal([1L, 6L], sink.Items.Select(t => t.Id));
        Assert.Equal(2, result.RecordsRead);
        string path = Path.GetFullPath(input);
        Assert.Equal(
            [
                new RejectedRecord(path, 3, 8, "field 'Price': 'abc' is not a valid Double", "2,MSFT,abc,true,2024-03-01T12:00:00Z,Buy"),
                new RejectedRecord(path, 4, 40, "the line has more than 6 fields", "3,MSFT,1,true,2024-03-01T12:00:00Z,Buy,extra"),
                new RejectedRecord(path, 5, 14, "missing field 'Time': the line has only 4 fields", "4,MSFT,1,true"),
                new RejectedRecord(path, 6, 3, "field 'Symbol': the quoted field has no closing quote", "5,\"MSFT,1,true,2024-03-01T12:00:00Z,Buy"),
                new RejectedRecord(path, 8, 37, "field 'Side': 'Hold' is not a valid Side", "7,MSFT,3,false,2024-03-01T12:00:00Z,Hold"),
            ],
            rejected);
    }

    [Fact]
    public async Task A_header_that_does_not_match_fails_at_line_one_even_with_a_reject_output()
    {
        string input = _dir.File("bids.csv");
        File.WriteAllText(input, "Id,Ticker,Price,Buy,Time,Side\n1,MSFT,412.5,true,2024-03-01T12:00:00Z,Buy\n");
        var source = new CsvFileSource<Trade, TradeCsvFormat>(input, new FileSourceOptions { RejectTo = new RejectedRecordList() });

        var error = await Assert.ThrowsAsync<RecordFormatException>(() =>
            Jobs.Copy(source, 4096, new CollectionSink<Trade>()).RunAsync().AsTask());

        Assert.Equal(1, error.Line);
        Assert.Equal(1, error.Column);
        Assert.Equal(
            "the header does not match: expected 'Id,Symbol,Price,Buy,Time,Side' but found 'Id,Ticker,Price,Buy,Time,Side' (set FileSourceOptions.HasHeader to false if the file has no header)",
            error.Reason);
    }

    [Fact]
    public async Task The_header_is_compared_ignoring_case_and_surrounding_spaces()
    {
        string input = _dir.File("bids.csv");
        File.WriteAllText(input, "  ID,SYMBOL,PRICE,BUY,TIME,SIDE \n1,MSFT,412.5,true,2024-03-01T12:00:00Z,Buy\n");
        var sink = new CollectionSink<Trade>();

        await Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(input), 4096, sink).RunAsync();

        Assert.Single(sink.Items);
    }

    [Fact]
    public async Task Without_a_header_the_first_line_is_a_record_and_the_sink_can_skip_its_header()
    {
        string input = _dir.File("in.csv");
        File.WriteAllText(input, "1,MSFT,412.5,true,2024-03-01T12:00:00Z,Buy\n");
        string output = _dir.File("out.csv");

        await Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(input, new FileSourceOptions { HasHeader = false }), 4096,
            new CsvFileSink<Trade, TradeCsvFormat>(output, new FileSinkOptions { WriteHeader = false })).RunAsync();

        Assert.Equal("1,MSFT,412.5,true,2024-03-01T12:00:00.0000000Z,Buy\n", File.ReadAllText(output));
    }

    [Theory]
    [InlineData("")]
    [InlineData(Header)]
    [InlineData(Header + "\r\n\r\n")]
    public async Task A_file_without_records_gives_none_and_writes_only_the_header(string content)
    {
        string input = _dir.File("in.csv");
        File.WriteAllText(input, content);
        string output = _dir.File("out.csv");
        var sink = new CollectionSink<Trade>();

        JobResult result = await Jobs.Copy(new CsvFileSource<Trade, TradeCsvFormat>(input), 4096, sink, new CsvFileSink<Trade, TradeCsvFormat>(output)).RunAsync();

        Assert.Equal(0, result.RecordsRead);
        Assert.Empty(sink.Items);
        Assert.Equal(Header + "\n", File.ReadAllText(output));
    }

    [Fact]
    public void A_missing_file_fails_when_the_source_is_opened()
    {
        var source = new CsvFileSource<Trade, TradeCsvFormat>(_dir.File("nope.csv"));

        Assert.Throws<FileNotFoundException>(() => source.Open());
    }
}
