using System.Globalization;
using CompiledFlow.Tests.Files;
using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Generated;

/// <summary>
/// The file formats the generator writes for the test pipelines' records, end to end: file →
/// generated source → fused chain → generated sink → file.
/// </summary>
public sealed class GeneratedFilesTests
{
    [Fact]
    public void Csv_bids_to_csv_euros()
    {
        using var folder = new TempDirectory();
        Bid[] bids = Enumerable.Range(0, 10_000).Select(i => new Bid(i, i % 13, i % 50, i * 3L)).ToArray();
        File.WriteAllLines(folder.File("bids.csv"), ["Auction,Bidder,Price,DateTime", .. bids.Select(b => $"{b.Auction},{b.Bidder},{b.Price},{b.DateTime}")]);

        JobResult result = EuroPrices.CreateJob()
            .From(EuroPrices.Files.ReadCsv(folder.File("bids.csv")))
            .To(EuroPrices.Files.WriteCsv(folder.File("euros.csv")))
            .Run();

        List<double> expected = EuroPrices.Run(bids);
        string[] lines = File.ReadAllLines(folder.File("euros.csv"));
        Assert.Equal("Value", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture)));
        Assert.Equal(10_000, result.RecordsRead);
    }

    [Fact]
    public void Classes_with_enums_decimals_and_dates_round_trip_through_csv_and_json_lines()
    {
        using var folder = new TempDirectory();
        Order[] orders = Enumerable.Range(0, 500).Select(i => new Order
        {
            Id = i,
            Symbol = i % 3 == 0 ? "msft, inc" : "aapl \"x\"",
            Side = i % 2 == 0 ? Side.Buy : Side.Sell,
            Quantity = i * 1.5m,
            Time = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc).AddMilliseconds(i),
        }).ToArray();
        var input = new CollectionSink<Order>();

        // Write every order to both formats with an identity-free pipeline run: read them back and compare.
        Desk.LargeBuys.CreateJob().From(Sources.FromMemory<Order>(orders)).To(Desk.LargeBuys.Files.WriteCsv(folder.File("large.csv"))).To(Desk.LargeBuys.Files.WriteJsonLines(folder.File("large.jsonl"))).To(input).Run();
        var fromCsv = new CollectionSink<Order>();
        var fromJson = new CollectionSink<Order>();
        Desk.LargeBuys.CreateJob().From(Desk.LargeBuys.Files.ReadCsv(folder.File("large.csv"))).To(fromCsv).Run();
        Desk.LargeBuys.CreateJob().From(Desk.LargeBuys.Files.ReadJsonLines(folder.File("large.jsonl"))).To(fromJson).Run();

        Assert.NotEmpty(input.Items);
        Assert.Equal(Describe(input.Items), Describe(fromCsv.Items));
        Assert.Equal(Describe(input.Items), Describe(fromJson.Items));

        static IEnumerable<string> Describe(IEnumerable<Order> orders) =>
            orders.Select(o => $"{o.Id}|{o.Symbol}|{o.Side}|{o.Quantity}|{o.Time:O}");
    }

    [Fact]
    public void Json_lines_sentences_to_json_lines_tuples()
    {
        using var folder = new TempDirectory();
        File.WriteAllLines(folder.File("sentences.jsonl"),
        [
            """{"id": 1, "text": "to be or"}""",
            """{"Text": "not to be", "Id": 2, "extra": [1, {"a": null}]}""",
        ]);

        Words.CreateJob()
            .From(Words.Files.ReadJsonLines(folder.File("sentences.jsonl")))
            .To(Words.Files.WriteJsonLines(folder.File("words.jsonl")))
            .Run();

        Assert.Equal(
        [
            """{"Word":"to","Length":2}""", """{"Word":"be","Length":2}""", """{"Word":"or","Length":2}""",
            """{"Word":"not","Length":3}""", """{"Word":"to","Length":2}""", """{"Word":"be","Length":2}""",
        ], File.ReadAllLines(folder.File("words.jsonl")));
    }

    [Fact]
    public void A_missing_json_property_names_the_property_line_and_file()
    {
        using var folder = new TempDirectory();
        File.WriteAllLines(folder.File("sentences.jsonl"), ["""{"Id": 1, "Text": "a"}""", """{"Id": 2}"""]);

        var error = Assert.Throws<RecordFormatException>(() => Words.CreateJob()
            .From(Words.Files.ReadJsonLines(folder.File("sentences.jsonl")))
            .To(Words.Files.WriteJsonLines(folder.File("words.jsonl")))
            .Run());

        Assert.Equal(2, error.Line);
        Assert.Contains("missing property 'Text'", error.Message);
        Assert.Contains("sentences.jsonl(2,", error.Message);
        Assert.False(File.Exists(folder.File("words.jsonl")), "a failed job must not commit its output");
    }

    [Fact]
    public void A_null_for_a_non_nullable_string_is_an_error_not_a_null_record_field()
    {
        using var folder = new TempDirectory();
        File.WriteAllLines(folder.File("sentences.jsonl"), ["""{"Id": 1, "Text": null}"""]);
        var rejected = new RejectedRecordList();

        var sink = new CollectionSink<(string Word, int Length)>();
        Words.CreateJob().From(Words.Files.ReadJsonLines(folder.File("sentences.jsonl"), new FileSourceOptions { RejectTo = rejected })).To(sink).Run();

        RejectedRecord reject = Assert.Single(rejected);
        Assert.Contains("property 'Text' must not be null", reject.Reason);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public void Bad_csv_lines_go_to_the_reject_list_and_the_good_ones_to_the_sink()
    {
        using var folder = new TempDirectory();
        File.WriteAllLines(folder.File("bids.csv"), ["Auction,Bidder,Price,DateTime", "1,1,10,0", "2,2,ten,0", "3,3,30", "4,4,40,0"]);
        var rejected = new RejectedRecordList();
        var sink = new CollectionSink<double>();

        EuroPrices.CreateJob().From(EuroPrices.Files.ReadCsv(folder.File("bids.csv"), new FileSourceOptions { RejectTo = rejected })).To(sink).Run();

        Assert.Equal([10 * 0.908, 40 * 0.908], sink.Items);
        Assert.Equal([3L, 4L], rejected.Select(r => r.Line));
        Assert.Equal(5, rejected[0].Column); // "ten" starts at byte 5 of "2,2,ten,0"
        Assert.Contains("'Price'", rejected[0].Reason);
        Assert.Equal("2,2,ten,0", rejected[0].Text);
        Assert.Contains("'DateTime'", rejected[1].Reason);
    }
}
