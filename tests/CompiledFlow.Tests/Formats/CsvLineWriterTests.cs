using System.Buffers;
using System.Globalization;
using System.Text;
using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

public sealed class CsvLineWriterTests
{
    [Fact]
    public void Writes_fields_separated_by_commas_and_ends_lines_with_a_newline()
    {
        var output = new ArrayBufferWriter<byte>();
        var fields = new CsvLineWriter(output);

        TradeCsvFormat.Write(new Trade(7, "MSFT", 412.5, true, new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), Side.Sell), ref fields);
        fields.EndLine();
        fields.WriteInt32(-1);
        fields.WriteString("x");
        fields.EndLine();

        Assert.Equal("7,MSFT,412.5,true,2024-03-01T12:00:00.0000000Z,Sell\n-1,x\n", Text(output));
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("cr\r", "\"cr\r\"")]
    [InlineData("plain text; 日本", "plain text; 日本")]
    [InlineData(" spaced ", " spaced ")]
    public void Quotes_text_only_when_needed(string value, string expected)
    {
        var output = new ArrayBufferWriter<byte>();
        var fields = new CsvLineWriter(output);

        fields.WriteInt32(1);
        fields.WriteString(value);
        fields.EndLine();

        Assert.Equal($"1,{expected}\n", Text(output));
    }

    [Fact]
    public void Null_and_empty_text_are_empty_fields_except_an_empty_first_field()
    {
        var output = new ArrayBufferWriter<byte>();
        var fields = new CsvLineWriter(output);

        fields.WriteString("");
        fields.WriteString(null);
        fields.WriteString("");
        fields.EndLine();
        fields.WriteString("");
        fields.EndLine();

        Assert.Equal("\"\",,\n\"\"\n", Text(output));
    }

    [Fact]
    public void Chars_are_quoted_like_text()
    {
        var output = new ArrayBufferWriter<byte>();
        var fields = new CsvLineWriter(output);

        fields.WriteChar('a');
        fields.WriteChar(',');
        fields.WriteChar('"');
        fields.WriteChar('é');
        fields.EndLine();

        Assert.Equal("a,\",\",\"\"\"\",é\n", Text(output));
    }

    [Fact]
    public void Numbers_are_invariant_whatever_the_current_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var output = new ArrayBufferWriter<byte>();
            var fields = new CsvLineWriter(output);

            fields.WriteDouble(1234.5);
            fields.WriteSingle(-0.25f);
            fields.WriteDecimal(1.50m);
            fields.WriteInt64(-1234567);
            fields.EndLine();

            Assert.Equal("1234.5,-0.25,1.50,-1234567\n", Text(output));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(-0.0, "-0")]
    public void Doubles_are_the_shortest_text_that_round_trips(double value, string expected)
    {
        var output = new ArrayBufferWriter<byte>();
        var fields = new CsvLineWriter(output);

        fields.WriteDouble(value);

        Assert.Equal(expected, Text(output));
        var back = new CsvLineReader(output.WrittenSpan);
        Assert.True(back.TryReadDouble("D", out double read));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read));
    }

    [Fact]
    public void Enums_are_written_by_name_and_combinations_are_quoted()
    {
        var output = new ArrayBufferWriter<byte>();
        var fields = new CsvLineWriter(output);

        fields.WriteEnum(Side.Sell);
        fields.WriteEnum(Access.Read | Access.Write);
        fields.WriteEnum((Access)64);
        fields.EndLine();

        Assert.Equal("Sell,\"Read, Write\",64\n", Text(output));
    }

    [Fact]
    public void Dates_and_guids_use_round_trip_formats()
    {
        var output = new ArrayBufferWriter<byte>();
        var fields = new CsvLineWriter(output);

        fields.WriteDateTime(new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Unspecified));
        fields.WriteDateTimeOffset(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.FromHours(-5)));
        fields.WriteGuid(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));

        Assert.Equal("2024-03-01T12:00:00.0000000,2024-03-01T12:00:00.0000000-05:00,0f8fad5b-d9cb-469f-a165-70867728950e", Text(output));
    }

    [Fact]
    public void Every_scalar_type_round_trips_through_the_reader()
    {
        foreach (AllScalars expected in new[] { AllScalars.Sample, AllScalars.Other })
        {
            var output = new ArrayBufferWriter<byte>();
            var fields = new CsvLineWriter(output);
            AllScalarsCsvFormat.Write(expected, ref fields);

            var reader = new CsvLineReader(output.WrittenSpan);
            Assert.True(AllScalarsCsvFormat.TryRead(ref reader, out AllScalars actual), reader.Error);

            // A null string is written as an empty field and reads back as "".
            Assert.Equal(expected with { String = expected.String ?? "" }, actual);
            Assert.Equal(expected.DateTime.Kind, actual.DateTime.Kind);
            Assert.Equal(expected.DateTimeOffset.Offset, actual.DateTimeOffset.Offset);
        }
    }

    [Fact]
    public void A_large_value_asks_the_output_for_more_room()
    {
        var output = new ArrayBufferWriter<byte>(1);
        var fields = new CsvLineWriter(output);
        string big = new('x', 100_000);

        fields.WriteString(big);
        fields.WriteString(big + ",");
        fields.EndLine();

        Assert.Equal(big + ",\"" + big + ",\"\n", Text(output));
    }

    private static string Text(ArrayBufferWriter<byte> output) => Encoding.UTF8.GetString(output.WrittenSpan);
}
