using System.Text;
using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

public sealed class JsonLineReaderTests
{
    private static readonly Trade Expected = new(7, "MSFT", 412.5, true, new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), Side.Sell);

    [Theory]
    [InlineData("""{"Id":7,"Symbol":"MSFT","Price":412.5,"Buy":true,"Time":"2024-03-01T12:00:00Z","Side":"Sell"}""")]
    [InlineData("""  { "side" : "sell", "time":"2024-03-01T12:00:00.0000000Z", "buy":true, "price":4.125e2, "symbol":"MSFT", "id":7 }  """)]
    [InlineData("""{"Id":7,"Extra":{"a":[1,{"b":null}],"c":"}"},"Symbol":"MSFT","Price":412.5,"Buy":true,"Time":"2024-03-01T12:00:00Z","Side":1,"More":[]}""")]
    [InlineData("""{"\u0049d":7,"Symbol":"M\u0053FT","Price":412.5,"Buy":true,"Time":"2024-03-01T12:00:00Z","Side":"Sell"}""")]
    public void Reads_a_record_in_any_property_order_skipping_unknown_properties(string line)
    {
        var reader = new JsonLineReader(Encoding.UTF8.GetBytes(line));

        Assert.True(TradeJsonFormat.TryRead(ref reader, out Trade trade), reader.Error);

        Assert.Equal(Expected, trade);
        Assert.Equal(DateTimeKind.Utc, trade.Time.Kind);
        Assert.False(reader.HasError);
    }

    [Fact]
    public void A_missing_property_is_reported_at_the_end_of_the_object()
    {
        var reader = new JsonLineReader("""{"Id":7,"Symbol":"MSFT","Buy":true,"Time":"2024-03-01T12:00:00Z","Side":"Sell"}"""u8);

        Assert.False(TradeJsonFormat.TryRead(ref reader, out _));

        Assert.Equal("missing property 'Price'", reader.Error);
        Assert.Equal(79, reader.ErrorColumn);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_property_the_value_and_its_column()
    {
        var reader = new JsonLineReader("""{"Id":7,"Price":"abc"}"""u8);

        Assert.False(TradeJsonFormat.TryRead(ref reader, out _));

        Assert.Equal("property 'Price': \"abc\" is not a valid Double", reader.Error);
        Assert.Equal(17, reader.ErrorColumn);
    }

    [Theory]
    [InlineData("""{"Id":1.5}""", "property 'Id': 1.5 is not a valid Int64", 7)]
    [InlineData("""{"Id":null}""", "property 'Id': null is not a valid Int64", 7)]
    [InlineData("""{"Id":[1]}""", "property 'Id': an array is not a valid Int64", 7)]
    [InlineData("""{"Id":99999999999999999999}""", "property 'Id': 99999999999999999999 is not a valid Int64", 7)]
    [InlineData("""{"Buy":"true"}""", "property 'Buy': \"true\" is not a valid Boolean", 8)]
    [InlineData("""{"Side":"Hold"}""", "property 'Side': \"Hold\" is not a valid Side", 9)]
    [InlineData("""{"Time":"yesterday"}""", "property 'Time': \"yesterday\" is not a valid DateTime", 9)]
    [InlineData("""{"Symbol":12}""", "property 'Symbol': 12 is not a valid String", 11)]
    public void Wrong_values_are_errors(string line, string error, int column)
    {
        var reader = new JsonLineReader(Encoding.UTF8.GetBytes(line));

        Assert.False(TradeJsonFormat.TryRead(ref reader, out _));

        Assert.Equal(error, reader.Error);
        Assert.Equal(column, reader.ErrorColumn);
    }

    [Theory]
    [InlineData("""{"Id":7,"Symbol":"MSFT",}""", 25)]         // trailing comma: the '}' is at byte 24
    [InlineData("""{"Id":7,"Symbol":"MSFT" "Price":1}""", 25)] // missing comma before byte 24
    [InlineData("""{"Id":7,"Symbol":"MSFT""", 23)]             // cut short: one past the 22 bytes
    [InlineData("""{"Id":tru}""", 10)]                          // the '}' where the 'e' of true should be
    [InlineData("""{Id:7}""", 2)]
    public void Malformed_json_becomes_an_error_with_the_column_never_an_exception(string line, int column)
    {
        var reader = new JsonLineReader(Encoding.UTF8.GetBytes(line));

        Assert.False(TradeJsonFormat.TryRead(ref reader, out _));

        Assert.StartsWith("invalid JSON: ", reader.Error);
        Assert.DoesNotContain("LineNumber", reader.Error);
        Assert.Equal(column, reader.ErrorColumn);
    }

    [Theory]
    [InlineData("[1,2]", "the line is not a JSON object: it starts with an array", 1)]
    [InlineData("  42", "the line is not a JSON object: it starts with 42", 3)]
    [InlineData("", "the line is not a JSON object: it is empty", 1)]
    public void A_line_that_is_not_an_object_is_an_error(string line, string error, int column)
    {
        var reader = new JsonLineReader(Encoding.UTF8.GetBytes(line));

        Assert.False(reader.TryBeginObject());

        Assert.Equal(error, reader.Error);
        Assert.Equal(column, reader.ErrorColumn);
    }

    [Fact]
    public void Only_whitespace_may_follow_the_object()
    {
        var good = new JsonLineReader("{}  \t "u8);
        Assert.True(good.TryBeginObject());
        Assert.False(good.NextProperty());
        Assert.False(good.HasError);
        Assert.True(good.TryEnd());

        var bad = new JsonLineReader("{} {}"u8);
        Assert.True(bad.TryBeginObject());
        Assert.False(bad.NextProperty());
        Assert.False(bad.TryEnd());
        Assert.StartsWith("invalid JSON: ", bad.Error);
        Assert.Equal(4, bad.ErrorColumn);
    }

    [Fact]
    public void Null_is_accepted_for_strings_only()
    {
        var reader = new JsonLineReader("""{"a":null,"b":"x\"y\u00e9"}"""u8);

        Assert.True(reader.TryBeginObject());
        Assert.True(reader.NextProperty());
        Assert.True(reader.TryReadString("a", out string? a));
        Assert.True(reader.NextProperty());
        Assert.True(reader.TryReadString("b", out string? b));
        Assert.False(reader.NextProperty());
        Assert.True(reader.TryEnd());

        Assert.Null(a);
        Assert.Equal("x\"yé", b);
    }

    [Fact]
    public void Floating_point_accepts_the_named_literals_as_strings()
    {
        var reader = new JsonLineReader("""{"a":"NaN","b":"-Infinity","c":"Infinity","d":"nan"}"""u8);

        Assert.True(reader.TryBeginObject());
        Assert.True(reader.NextProperty());
        Assert.True(reader.TryReadDouble("a", out double a));
        Assert.True(reader.NextProperty());
        Assert.True(reader.TryReadSingle("b", out float b));
        Assert.True(reader.NextProperty());
        Assert.True(reader.TryReadDouble("c", out double c));
        Assert.True(reader.NextProperty());
        Assert.False(reader.TryReadDouble("d", out _));

        Assert.True(double.IsNaN(a));
        Assert.Equal(float.NegativeInfinity, b);
        Assert.Equal(double.PositiveInfinity, c);
        Assert.Equal("property 'd': \"nan\" is not a valid Double", reader.Error);
    }

    [Theory]
    [InlineData("\"Sell\"", Side.Sell)]
    [InlineData("\"buy\"", Side.Buy)]
    [InlineData("1", Side.Sell)]
    [InlineData("\"1\"", Side.Sell)]
    public void Enums_are_read_from_names_or_numbers(string json, Side expected)
    {
        var reader = new JsonLineReader(Encoding.UTF8.GetBytes($$"""{"Side":{{json}}}"""));

        Assert.True(reader.TryBeginObject());
        Assert.True(reader.NextProperty());
        Assert.True(reader.TryReadEnum("Side", out Side side), reader.Error);
        Assert.Equal(expected, side);
    }

    [Theory]
    [InlineData("\"x\"", 'x')]
    [InlineData("\"\\u00e9\"", 'é')]
    [InlineData("\"\\\"\"", '"')]
    public void Chars_are_one_character_strings(string json, char expected)
    {
        var reader = new JsonLineReader(Encoding.UTF8.GetBytes($$"""{"C":{{json}}}"""));

        Assert.True(reader.TryBeginObject());
        Assert.True(reader.NextProperty());
        Assert.True(reader.TryReadChar("C", out char value), reader.Error);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void A_char_of_two_characters_is_an_error()
    {
        var reader = new JsonLineReader("""{"C":"ab"}"""u8);
        Assert.True(reader.TryBeginObject());
        Assert.True(reader.NextProperty());
        Assert.False(reader.TryReadChar("C", out _));
        Assert.Equal("property 'C': \"ab\" is not a valid Char", reader.Error);
        Assert.Equal(6, reader.ErrorColumn);
    }
}
