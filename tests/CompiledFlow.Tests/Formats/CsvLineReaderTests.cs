using System.Text;
using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

public sealed class CsvLineReaderTests
{
    private static readonly DateTime Noon = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Reads_a_record_field_by_field()
    {
        var fields = new CsvLineReader("7,MSFT,412.5,true,2024-03-01T12:00:00.0000000Z,Sell"u8);

        Assert.True(TradeCsvFormat.TryRead(ref fields, out Trade trade));

        Assert.Equal(new Trade(7, "MSFT", 412.5, true, Noon, Side.Sell), trade);
        Assert.Equal(DateTimeKind.Utc, trade.Time.Kind);
        Assert.Null(fields.Error);
        Assert.Equal(6, fields.FieldsRead);
    }

    [Theory]
    [InlineData("\"A,B\"", "A,B")]
    [InlineData("\"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("\"\"\"\"", "\"")]
    [InlineData("\"\"", "")]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("it\"s", "it\"s")]
    [InlineData("日本語 é", "日本語 é")]
    [InlineData("\"a\r\nb\"", "a\r\nb")]
    public void Reads_quoted_and_unquoted_text(string field, string expected)
    {
        byte[] line = Encoding.UTF8.GetBytes($"1,{field},2");
        var fields = new CsvLineReader(line);

        Assert.True(fields.TryReadInt32("A", out int first));
        Assert.True(fields.TryReadString("B", out string? text));
        Assert.True(fields.TryReadInt32("C", out int last));
        Assert.True(fields.TryReadEnd());

        Assert.Equal((1, expected, 2), (first, text, last));
    }

    [Fact]
    public void A_quoted_number_and_an_empty_last_field_are_read()
    {
        var fields = new CsvLineReader("\"42\","u8);

        Assert.True(fields.TryReadInt64("A", out long number));
        Assert.True(fields.TryReadString("B", out string? empty));
        Assert.True(fields.TryReadEnd());
        Assert.Equal(42, number);
        Assert.Equal("", empty);
    }

    [Fact]
    public void A_bad_number_names_the_field_the_text_and_the_column()
    {
        var fields = new CsvLineReader("17,abc,3"u8);

        Assert.True(fields.TryReadInt64("Id", out _));
        Assert.False(fields.TryReadInt64("Price", out long price));

        Assert.Equal(0, price);
        Assert.Equal("field 'Price': 'abc' is not a valid Int64", fields.Error);
        Assert.Equal(4, fields.ErrorColumn);
        Assert.True(fields.HasError);
    }

    [Theory]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,000")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("0x10")]
    [InlineData("9223372036854775808")]
    public void Numbers_are_strict(string text)
    {
        var fields = new CsvLineReader(Encoding.UTF8.GetBytes(text.Contains(',') ? $"\"{text}\"" : text));

        Assert.False(fields.TryReadInt64("N", out _));
        Assert.StartsWith("field 'N': '", fields.Error);
        Assert.Equal(1, fields.ErrorColumn);
    }

    [Theory]
    [InlineData("-1.5e3", -1500.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("NaN", double.NaN)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("+2", 2.0)]
    public void Doubles_accept_sign_point_exponent_and_named_values(string text, double expected)
    {
        var fields = new CsvLineReader(Encoding.UTF8.GetBytes(text));

        Assert.True(fields.TryReadDouble("D", out double value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Integer_types_check_their_range()
    {
        var fields = new CsvLineReader("255,256"u8);

        Assert.True(fields.TryReadByte("A", out byte max));
        Assert.False(fields.TryReadByte("B", out _));
        Assert.Equal(255, max);
        Assert.Equal("field 'B': '256' is not a valid Byte", fields.Error);
        Assert.Equal(5, fields.ErrorColumn);
    }

    [Fact]
    public void A_missing_field_says_how_many_the_line_has()
    {
        var fields = new CsvLineReader("1,2"u8);

        Assert.True(fields.TryReadInt32("A", out _));
        Assert.True(fields.TryReadInt32("B", out _));
        Assert.False(fields.TryReadInt64("Price", out _));

        Assert.Equal("missing field 'Price': the line has only 2 fields", fields.Error);
        Assert.Equal(4, fields.ErrorColumn);
    }

    [Fact]
    public void Extra_fields_fail_at_the_end()
    {
        var fields = new CsvLineReader("1,2,3"u8);

        Assert.True(fields.TryReadInt32("A", out _));
        Assert.True(fields.TryReadInt32("B", out _));
        Assert.False(fields.TryReadEnd());

        Assert.Equal("the line has more than 2 fields", fields.Error);
        Assert.Equal(5, fields.ErrorColumn);
    }

    [Fact]
    public void An_unterminated_quote_is_an_error_at_the_field()
    {
        var fields = new CsvLineReader("1,\"abc,2"u8);

        Assert.True(fields.TryReadInt32("A", out _));
        Assert.False(fields.TryReadString("B", out string? text));

        Assert.Null(text);
        Assert.Equal("field 'B': the quoted field has no closing quote", fields.Error);
        Assert.Equal(3, fields.ErrorColumn);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error_where_it_starts()
    {
        var fields = new CsvLineReader("\"ab\"c,1"u8);

        Assert.False(fields.TryReadString("A", out _));

        Assert.Equal("field 'A': unexpected 'c' after the closing quote (a field must end at a comma)", fields.Error);
        Assert.Equal(5, fields.ErrorColumn);
    }

    [Fact]
    public void The_first_error_is_kept()
    {
        var fields = new CsvLineReader("x,y"u8);

        Assert.False(fields.TryReadInt32("A", out _));
        Assert.False(fields.TryReadInt32("B", out _));
        Assert.False(fields.TryReadEnd());
        Assert.False(fields.Fail("something else"));

        Assert.Equal("field 'A': 'x' is not a valid Int32", fields.Error);
        Assert.Equal(1, fields.ErrorColumn);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("False", false)]
    public void Booleans_are_case_insensitive(string text, bool expected)
    {
        var fields = new CsvLineReader(Encoding.UTF8.GetBytes(text));
        Assert.True(fields.TryReadBoolean("B", out bool value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void A_bad_boolean_is_an_error()
    {
        var fields = new CsvLineReader("yes"u8);
        Assert.False(fields.TryReadBoolean("Buy", out _));
        Assert.Equal("field 'Buy': 'yes' is not a valid Boolean", fields.Error);
    }

    [Theory]
    [InlineData("Sell", Side.Sell)]
    [InlineData("buy", Side.Buy)]
    [InlineData("SELL", Side.Sell)]
    [InlineData("1", Side.Sell)]
    public void Enums_are_read_by_name_or_number(string text, Side expected)
    {
        var fields = new CsvLineReader(Encoding.UTF8.GetBytes(text));
        Assert.True(fields.TryReadEnum("Side", out Side side));
        Assert.Equal(expected, side);
    }

    [Fact]
    public void An_unknown_enum_name_is_an_error()
    {
        var fields = new CsvLineReader("1,Hold"u8);
        Assert.True(fields.TryReadInt32("Id", out _));
        Assert.False(fields.TryReadEnum("Side", out Side _));
        Assert.Equal("field 'Side': 'Hold' is not a valid Side", fields.Error);
        Assert.Equal(3, fields.ErrorColumn);
    }

    [Fact]
    public void Flag_combinations_are_read_from_quoted_names()
    {
        var fields = new CsvLineReader("\"Read, Write\""u8);
        Assert.True(fields.TryReadEnum("Access", out Access access));
        Assert.Equal(Access.Read | Access.Write, access);
    }

    [Fact]
    public void Dates_keep_their_kind_and_offset()
    {
        var fields = new CsvLineReader("2024-03-01T12:00:00.0000000Z,2024-03-01T12:00:00.0000000,2024-03-01T12:00:00.0000000+02:00,2024-03-01T12:00:00"u8);

        Assert.True(fields.TryReadDateTime("Utc", out DateTime utc));
        Assert.True(fields.TryReadDateTime("Unspecified", out DateTime unspecified));
        Assert.True(fields.TryReadDateTimeOffset("Offset", out DateTimeOffset offset));
        Assert.True(fields.TryReadDateTimeOffset("NoOffset", out DateTimeOffset noOffset));

        Assert.Equal(Noon, utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(DateTimeKind.Unspecified, unspecified.Kind);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)), offset);
        Assert.Equal(TimeSpan.FromHours(2), offset.Offset);
        Assert.Equal(TimeSpan.Zero, noOffset.Offset);
    }

    [Fact]
    public void A_bad_date_is_an_error()
    {
        var fields = new CsvLineReader("2024-13-01"u8);
        Assert.False(fields.TryReadDateTime("Time", out _));
        Assert.Equal("field 'Time': '2024-13-01' is not a valid DateTime", fields.Error);
    }

    [Fact]
    public void Guids_are_read()
    {
        var fields = new CsvLineReader("0f8fad5b-d9cb-469f-a165-70867728950e,nope"u8);
        Assert.True(fields.TryReadGuid("A", out Guid guid));
        Assert.False(fields.TryReadGuid("B", out _));
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), guid);
        Assert.Equal("field 'B': 'nope' is not a valid Guid", fields.Error);
        Assert.Equal(38, fields.ErrorColumn);
    }

    [Theory]
    [InlineData("x", 'x')]
    [InlineData("é", 'é')]
    [InlineData("\",\"", ',')]
    [InlineData("\"\"\"\"", '"')]
    public void Chars_are_one_character(string text, char expected)
    {
        var fields = new CsvLineReader(Encoding.UTF8.GetBytes(text));
        Assert.True(fields.TryReadChar("C", out char value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("xy")]
    [InlineData("")]
    [InlineData("😀")]
    public void A_char_field_of_other_length_is_an_error(string text)
    {
        var fields = new CsvLineReader(Encoding.UTF8.GetBytes(text));
        Assert.False(fields.TryReadChar("C", out _));
        Assert.Equal($"field 'C': '{text}' is not a valid Char", fields.Error);
    }

    [Fact]
    public void Long_bad_text_is_shortened_in_the_message()
    {
        byte[] line = Encoding.UTF8.GetBytes(new string('9', 500));
        var fields = new CsvLineReader(line);

        Assert.False(fields.TryReadInt32("N", out _));

        Assert.Equal($"field 'N': '{new string('9', 80)}…' is not a valid Int32", fields.Error);
    }
}
