using System.Buffers;
using System.Text.Json;
using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

/// <summary>
/// Reading and writing records without strings allocates nothing: counted on this thread over
/// 10,000 lines after a warm-up pass has JIT-compiled everything and grown the buffers.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class FormatAllocationTests
{
    private static readonly Tick[] Ticks = Enumerable.Range(0, 10_000)
        .Select(i => new Tick(i, i * 0.5 - 3, i % 2 == 0, DateTime.UnixEpoch.AddSeconds(i), (Side)(i % 2), new Guid(i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
        .ToArray();

    [Fact]
    public void Csv_lines_are_written_and_read_without_allocating()
    {
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var lines = new List<Range>(Ticks.Length);
        WriteCsv(output, lines);
        long sum = ReadCsv(output, lines);

        // The fewest bytes of three passes: a rare runtime event can land on this thread.
        long allocated = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            output.ResetWrittenCount();
            WriteCsv(output, lines: null);
            sum += ReadCsv(output, lines);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        Assert.Equal(4 * Ticks.Sum(t => t.Id), sum);
    }

    [Fact]
    public void Json_lines_are_written_and_read_without_allocating()
    {
        var output = new ArrayBufferWriter<byte>(1 << 21);
        using var json = new Utf8JsonWriter(output);
        var lines = new List<Range>(Ticks.Length);
        WriteJson(output, json, lines);
        long sum = ReadJson(output, lines);

        // The fewest bytes of three passes: a rare runtime event can land on this thread.
        long allocated = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            output.ResetWrittenCount();
            WriteJson(output, json, lines: null);
            sum += ReadJson(output, lines);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        Assert.Equal(4 * Ticks.Sum(t => t.Id), sum);
    }

    private static void WriteCsv(ArrayBufferWriter<byte> output, List<Range>? lines)
    {
        var fields = new CsvLineWriter(output);
        foreach (ref readonly Tick tick in Ticks.AsSpan())
        {
            int start = output.WrittenCount;
            TickCsvFormat.Write(in tick, ref fields);
            lines?.Add(start..output.WrittenCount);
            fields.EndLine();
        }
    }

    private static long ReadCsv(ArrayBufferWriter<byte> output, List<Range> lines)
    {
        long sum = 0;
        foreach (Range line in lines)
        {
            var fields = new CsvLineReader(output.WrittenSpan[line]);
            if (!TickCsvFormat.TryRead(ref fields, out Tick tick) || !tick.Equals(Ticks[tick.Id]))
            {
                throw new InvalidOperationException($"line {line} did not read back"); // no Assert here: it allocates
            }
            sum += tick.Id;
        }
        return sum;
    }

    private static void WriteJson(ArrayBufferWriter<byte> output, Utf8JsonWriter json, List<Range>? lines)
    {
        foreach (ref readonly Tick tick in Ticks.AsSpan())
        {
            int start = output.WrittenCount;
            json.WriteStartObject();
            var writer = new JsonLineWriter(json);
            TickJsonFormat.Write(in tick, ref writer);
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            lines?.Add(start..output.WrittenCount);
        }
    }

    private static long ReadJson(ArrayBufferWriter<byte> output, List<Range> lines)
    {
        long sum = 0;
        foreach (Range line in lines)
        {
            var reader = new JsonLineReader(output.WrittenSpan[line]);
            if (!TickJsonFormat.TryRead(ref reader, out Tick tick) || !tick.Equals(Ticks[tick.Id]))
            {
                throw new InvalidOperationException($"line {line} did not read back"); // no Assert here: it allocates
            }
            sum += tick.Id;
        }
        return sum;
    }
}
