using System.Text;
using CompiledFlow.Tests.Formats;

namespace CompiledFlow.Tests.Files;

public sealed class JsonLinesFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static DateTime At(int second) => new(2024, 3, 1, 12, 0, second, DateTimeKind.Utc);

    [Fact]
    public async Task A_file_goes_through_a_job_to_a_file_and_back()
    {
        string input = _dir.File("in.jsonl");
        File.WriteAllText(input,
            "\uFEFF{\"Id\":1,\"Symbol\":\"MSFT\",\"Price\":412.5,\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"}\r\n" +
            "\r\n" +
            "{\"side\":\"sell\",\"id\":2,\"symbol\":\"A,B \\\"C\\\" 日本\",\"price\":0.1,\"buy\":false,\"time\":\"2024-03-01T12:00:01Z\",\"note\":{\"x\":[1,2]}}\n" +
            "  \t\n" +
            "{\"Id\":3,\"Symbol\":null,\"Price\":\"NaN\",\"Buy\":true,\"Time\":\"2024-03-01T12:00:02Z\",\"Side\":1}",
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        string output = _dir.File("out.jsonl");
        var memory = new CollectionSink<Trade>();

        await Jobs.Copy(new JsonLinesFileSource<Trade, TradeJsonFormat>(input), 2,
            memory, new JsonLinesFileSink<Trade, TradeJsonFormat>(output)).RunAsync();

        Trade[] expected =
        [
            new(1, "MSFT", 412.5, true, At(0), Side.Buy),
            new(2, "A,B \"C\" 日本", 0.1, false, At(1), Side.Sell),
            new(3, null!, double.NaN, true, At(2), Side.Sell),
        ];
        Assert.Equal(expected, memory.Items);
        Assert.Equal(
            "{\"Id\":1,\"Symbol\":\"MSFT\",\"Price\":412.5,\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"}\n" +
            "{\"Id\":2,\"Symbol\":\"A,B \\\"C\\\" 日本\",\"Price\":0.1,\"Buy\":false,\"Time\":\"2024-03-01T12:00:01Z\",\"Side\":\"Sell\"}\n" +
            "{\"Id\":3,\"Symbol\":null,\"Price\":\"NaN\",\"Buy\":true,\"Time\":\"2024-03-01T12:00:02Z\",\"Side\":\"Sell\"}\n",
            File.ReadAllText(output));

        var again = new CollectionSink<Trade>();
        await Jobs.Copy(new JsonLinesFileSource<Trade, TradeJsonFormat>(output), 4096, again).RunAsync();
        Assert.Equal(expected, again.Items);
    }

    [Fact]
    public async Task A_malformed_line_fails_the_job_naming_file_line_and_column()
    {
        string input = _dir.File("bids.jsonl");
        File.WriteAllText(input,
            "{\"Id\":1,\"Symbol\":\"MSFT\",\"Price\":412.5,\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"}\n" +
            "{\"Id\":2,\"Symbol\":\"MSFT\",\"Price\":,\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"}\n");
        var sink = new CollectionSink<Trade>();

        var error = await Assert.ThrowsAsync<RecordFormatException>(() =>
            Jobs.Copy(new JsonLinesFileSource<Trade, TradeJsonFormat>(input), 4096, sink).RunAsync().AsTask());

        // {"Id":2,"Symbol":"MSFT","Price": is 32 bytes: the stray comma is at column 33.
        Assert.Equal(Path.GetFullPath(input), error.FilePath);
        Assert.Equal(2, error.Line);
        Assert.Equal(33, error.Column);
        Assert.StartsWith("invalid JSON: ", error.Reason);
        Assert.StartsWith($"{Path.GetFullPath(input)}(2,33): invalid JSON: ", error.Message);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public async Task With_a_reject_output_bad_lines_are_kept_and_good_ones_all_arrive()
    {
        string good1 = "{\"Id\":1,\"Symbol\":\"MSFT\",\"Price\":1,\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"}";
        string wrongType = "{\"Id\":2,\"Symbol\":\"MSFT\",\"Price\":\"abc\",\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"}";
        string missing = "{\"Id\":3,\"Symbol\":\"MSFT\",\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"}";
        string truncated = "{\"Id\":4,\"Symbol\":\"MS";
        string notObject = "[5]";
        string trailing = "{\"Id\":6,\"Symbol\":\"MSFT\",\"Price\":1,\"Buy\":true,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Buy\"} x";
        string good7 = "{\"Id\":7,\"Symbol\":\"MSFT\",\"Price\":2,\"Buy\":false,\"Time\":\"2024-03-01T12:00:00Z\",\"Side\":\"Sell\"}";
        string input = _dir.File("bids.jsonl");
        File.WriteAllText(input, string.Join("\n", good1, wrongType, missing, truncated, notObject, trailing, good7) + "\n");
        var rejected = new RejectedRecordList();
        var sink = new CollectionSink<Trade>();

        await Jobs.Copy(new JsonLinesFileSource<Trade, TradeJsonFormat>(input, new FileSourceOptions { RejectTo = rejected }), 3, sink).RunAsync();

        Assert.Equal([1L, 7L], sink.Items.Select(t => t.Id));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], rejected.Select(r => r.Line));
        Assert.Equal([wrongType, missing, truncated, notObject, trailing], rejected.Select(r => r.Text));
        Assert.All(rejected, r => Assert.Equal(Path.GetFullPath(input), r.FilePath));
        Assert.Equal("property 'Price': \"abc\" is not a valid Double", rejected[0].Reason);
        Assert.Equal(33, rejected[0].Column); // the value "abc" after 32 bytes
        Assert.Equal("missing property 'Price'", rejected[1].Reason);
        Assert.Equal(missing.Length, rejected[1].Column); // at the closing brace
        Assert.StartsWith("invalid JSON: ", rejected[2].Reason);
        Assert.Equal(truncated.Length + 1, rejected[2].Column);
        Assert.Equal("the line is not a JSON object: it starts with an array", rejected[3].Reason);
        Assert.Equal(1, rejected[3].Column);
        Assert.StartsWith("invalid JSON: ", rejected[4].Reason);
        Assert.Equal(trailing.Length, rejected[4].Column); // the stray 'x'
    }
}
