using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

public enum Side
{
    Buy,
    Sell,
}

/// <summary>The record the format and file tests read and write.</summary>
public readonly record struct Trade(long Id, string Symbol, double Price, bool Buy, DateTime Time, Side Side);

/// <summary>The CSV format of <see cref="Trade"/>, written as the generator emits it.</summary>
internal struct TradeCsvFormat : ICsvFormat<Trade>
{
    public static string Header => "Id,Symbol,Price,Buy,Time,Side";

    public static bool TryRead(ref CsvLineReader fields, out Trade value)
    {
        value = default;
        if (!fields.TryReadInt64("Id", out long id)) return false;
        if (!fields.TryReadString("Symbol", out string? symbol)) return false;
        if (!fields.TryReadDouble("Price", out double price)) return false;
        if (!fields.TryReadBoolean("Buy", out bool buy)) return false;
        if (!fields.TryReadDateTime("Time", out DateTime time)) return false;
        if (!fields.TryReadEnum("Side", out Side side)) return false;
        if (!fields.TryReadEnd()) return false;
        value = new Trade(id, symbol, price, buy, time, side);
        return true;
    }

    public static void Write(in Trade value, ref CsvLineWriter fields)
    {
        fields.WriteInt64(value.Id);
        fields.WriteString(value.Symbol);
        fields.WriteDouble(value.Price);
        fields.WriteBoolean(value.Buy);
        fields.WriteDateTime(value.Time);
        fields.WriteEnum(value.Side);
    }
}

/// <summary>The JSON Lines format of <see cref="Trade"/>, written as the generator emits it.</summary>
internal struct TradeJsonFormat : IJsonLinesFormat<Trade>
{
    public static bool TryRead(ref JsonLineReader reader, out Trade value)
    {
        value = default;
        long id = default;
        string? symbol = default;
        double price = default;
        bool buy = default;
        DateTime time = default;
        Side side = default;
        int seen = 0;
        if (!reader.TryBeginObject()) return false;
        while (reader.NextProperty())
        {
            if (reader.NameIs("Id"u8) || reader.NameIs("id"u8)) { if (!reader.TryReadInt64("Id", out id)) return false; seen |= 1; }
            else if (reader.NameIs("Symbol"u8) || reader.NameIs("symbol"u8)) { if (!reader.TryReadString("Symbol", out symbol)) return false; seen |= 2; }
            else if (reader.NameIs("Price"u8) || reader.NameIs("price"u8)) { if (!reader.TryReadDouble("Price", out price)) return false; seen |= 4; }
            else if (reader.NameIs("Buy"u8) || reader.NameIs("buy"u8)) { if (!reader.TryReadBoolean("Buy", out buy)) return false; seen |= 8; }
            else if (reader.NameIs("Time"u8) || reader.NameIs("time"u8)) { if (!reader.TryReadDateTime("Time", out time)) return false; seen |= 16; }
            else if (reader.NameIs("Side"u8) || reader.NameIs("side"u8)) { if (!reader.TryReadEnum("Side", out side)) return false; seen |= 32; }
            else if (!reader.TrySkipValue()) return false;
        }
        if (reader.HasError) return false;
        if ((seen & 1) == 0) return reader.Fail("missing property 'Id'");
        if ((seen & 2) == 0) return reader.Fail("missing property 'Symbol'");
        if ((seen & 4) == 0) return reader.Fail("missing property 'Price'");
        if ((seen & 8) == 0) return reader.Fail("missing property 'Buy'");
        if ((seen & 16) == 0) return reader.Fail("missing property 'Time'");
        if ((seen & 32) == 0) return reader.Fail("missing property 'Side'");
        if (!reader.TryEnd()) return false;
        value = new Trade(id, symbol!, price, buy, time, side);
        return true;
    }

    public static void Write(in Trade value, ref JsonLineWriter writer)
    {
        writer.WriteInt64("Id"u8, value.Id);
        writer.WriteString("Symbol"u8, value.Symbol);
        writer.WriteDouble("Price"u8, value.Price);
        writer.WriteBoolean("Buy"u8, value.Buy);
        writer.WriteDateTime("Time"u8, value.Time);
        writer.WriteEnum("Side"u8, value.Side);
    }
}
