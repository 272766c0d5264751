using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

/// <summary>A record without strings: reading and writing it must allocate nothing per line.</summary>
public readonly record struct Tick(long Id, double Price, bool Buy, DateTime Time, Side Side, Guid Key);

/// <summary>The CSV format of <see cref="Tick"/>, written as the generator emits it.</summary>
internal readonly struct TickCsvFormat : ICsvFormat<Tick>
{
    public static string Header => "Id,Price,Buy,Time,Side,Key";

    public static bool TryRead(ref CsvLineReader fields, out Tick value)
    {
        if (!fields.TryReadInt64("Id", out var id)
            || !fields.TryReadDouble("Price", out var price)
            || !fields.TryReadBoolean("Buy", out var buy)
            || !fields.TryReadDateTime("Time", out var time)
            || !fields.TryReadEnum<Side>("Side", out var side)
            || !fields.TryReadGuid("Key", out var key)
            || !fields.TryReadEnd())
        {
            value = default!;
            return false;
        }

        value = new Tick(id, price, buy, time, side, key);
        return true;
    }

    public static void Write(in Tick value, ref CsvLineWriter fields)
    {
        fields.WriteInt64(value.Id);
        fields.WriteDouble(value.Price);
        fields.WriteBoolean(value.Buy);
        fields.WriteDateTime(value.Time);
        fields.WriteEnum<Side>(value.Side);
        fields.WriteGuid(value.Key);
    }
}

/// <summary>The JSON Lines format of <see cref="Tick"/>, written as the generator emits it.</summary>
internal readonly struct TickJsonFormat : IJsonLinesFormat<Tick>
{
    public static bool TryRead(ref JsonLineReader reader, out Tick value)
    {
        value = default!;
        long id = default; double price = default; bool buy = default; DateTime time = default; Side side = default; Guid key = default;
        ulong seen = 0;
        if (!reader.TryBeginObject()) return false;
        while (reader.NextProperty())
        {
            if (reader.NameIs("Id"u8) || reader.NameIs("id"u8)) { if (!reader.TryReadInt64("Id", out id)) return false; seen |= 0x1UL; }
            else if (reader.NameIs("Price"u8) || reader.NameIs("price"u8)) { if (!reader.TryReadDouble("Price", out price)) return false; seen |= 0x2UL; }
            else if (reader.NameIs("Buy"u8) || reader.NameIs("buy"u8)) { if (!reader.TryReadBoolean("Buy", out buy)) return false; seen |= 0x4UL; }
            else if (reader.NameIs("Time"u8) || reader.NameIs("time"u8)) { if (!reader.TryReadDateTime("Time", out time)) return false; seen |= 0x8UL; }
            else if (reader.NameIs("Side"u8) || reader.NameIs("side"u8)) { if (!reader.TryReadEnum<Side>("Side", out side)) return false; seen |= 0x10UL; }
            else if (reader.NameIs("Key"u8) || reader.NameIs("key"u8)) { if (!reader.TryReadGuid("Key", out key)) return false; seen |= 0x20UL; }
            else if (!reader.TrySkipValue()) return false;
        }
        if (reader.HasError) return false;
        if (seen != 0x3FUL) return reader.Fail("missing property");
        if (!reader.TryEnd()) return false;
        value = new Tick(id, price, buy, time, side, key);
        return true;
    }

    public static void Write(in Tick value, ref JsonLineWriter writer)
    {
        writer.WriteInt64("Id"u8, value.Id);
        writer.WriteDouble("Price"u8, value.Price);
        writer.WriteBoolean("Buy"u8, value.Buy);
        writer.WriteDateTime("Time"u8, value.Time);
        writer.WriteEnum<Side>("Side"u8, value.Side);
        writer.WriteGuid("Key"u8, value.Key);
    }
}
