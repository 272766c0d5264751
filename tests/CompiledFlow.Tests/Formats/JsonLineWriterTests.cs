using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

public sealed class JsonLineWriterTests
{
    [Fact]
    public void Writes_the_properties_of_one_compact_object()
    {
        string json = WriteObject(static (ref JsonLineWriter w) =>
            TradeJsonFormat.Write(new Trade(7, "MSFT", 412.5, true, new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), Side.Sell), ref w));

        Assert.Equal("""{"Id":7,"Symbol":"MSFT","Price":412.5,"Buy":true,"Time":"2024-03-01T12:00:00Z","Side":"Sell"}""", json);
    }

    [Fact]
    public void Null_strings_are_json_null_and_non_finite_numbers_are_strings()
    {
        string json = WriteObject(static (ref JsonLineWriter w) =>
        {
            w.WriteString("s"u8, null);
            w.WriteDouble("nan"u8, double.NaN);
            w.WriteSingle("inf"u8, float.PositiveInfinity);
            w.WriteDouble("ninf"u8, double.NegativeInfinity);
            w.WriteChar("c"u8, '"');
            w.WriteEnum("e"u8, Access.Read | Access.Write);
        });

        Assert.Equal("""{"s":null,"nan":"NaN","inf":"Infinity","ninf":"-Infinity","c":"\"","e":"Read, Write"}""", json);
    }

    [Fact]
    public void Every_scalar_type_round_trips_through_the_reader()
    {
        foreach (AllScalars expected in new[] { AllScalars.Sample, AllScalars.Other, AllScalars.Sample with { String = null } })
        {
            AllScalars value = expected;
            byte[] line = Encoding.UTF8.GetBytes(WriteObject((ref JsonLineWriter w) => AllScalarsJsonFormat.Write(value, ref w)));

            var reader = new JsonLineReader(line);
            Assert.True(AllScalarsJsonFormat.TryRead(ref reader, out AllScalars actual), reader.Error);

            Assert.Equal(expected, actual);
            Assert.Equal(expected.DateTime.Kind, actual.DateTime.Kind);
            Assert.Equal(expected.DateTimeOffset.Offset, actual.DateTimeOffset.Offset);
        }
    }

    private delegate void WriteProperties(ref JsonLineWriter writer);

    private static string WriteObject(WriteProperties write)
    {
        var output = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        var writer = new JsonLineWriter(json);
        write(ref writer);
        json.WriteEndObject();
        json.Flush();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
