using CompiledFlow.Formats;

namespace CompiledFlow.Tests.Formats;

[Flags]
public enum Access
{
    None = 0,
    Read = 1,
    Write = 2,
}

/// <summary>A record with one member of every scalar type the formats support.</summary>
public sealed record AllScalars(
    bool Boolean, byte Byte, sbyte SByte, short Int16, ushort UInt16, int Int32, uint UInt32,
    long Int64, ulong UInt64, float Single, double Double, decimal Decimal, char Char, string? String,
    DateTime DateTime, DateTimeOffset DateTimeOffset, Guid Guid, Access Access)
{
    public static AllScalars Sample { get; } = new(
        true, 200, -100, -30000, 60000, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue,
        1.1f, 0.1 + 0.2, 79228162514264337593543950335m, 'é', "a,b \"c\"\r\nd 日本",
        new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234567),
        new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(-5)).AddTicks(7),
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Access.Read | Access.Write);

    public static AllScalars Other { get; } = new(
        false, 0, sbyte.MinValue, short.MaxValue, 0, int.MaxValue, 0, long.MaxValue, 0,
        float.NegativeInfinity, double.NaN, -0.001m, '"', "",
        DateTime.MinValue, DateTimeOffset.MaxValue, Guid.Empty, (Access)64);
}

/// <summary>The CSV format of <see cref="AllScalars"/>, written as the generator emits it.</summary>
internal struct AllScalarsCsvFormat : ICsvFormat<AllScalars>
{
    public static string Header => "Boolean,Byte,SByte,Int16,UInt16,Int32,UInt32,Int64,UInt64,Single,Double,Decimal,Char,String,DateTime,DateTimeOffset,Guid,Access";

    public static bool TryRead(ref CsvLineReader f, out AllScalars value)
    {
        value = null!;
        if (!f.TryReadBoolean("Boolean", out bool a)) return false;
        if (!f.TryReadByte("Byte", out byte b)) return false;
        if (!f.TryReadSByte("SByte", out sbyte c)) return false;
        if (!f.TryReadInt16("Int16", out short d)) return false;
        if (!f.TryReadUInt16("UInt16", out ushort e)) return false;
        if (!f.TryReadInt32("Int32", out int g)) return false;
        if (!f.TryReadUInt32("UInt32", out uint h)) return false;
        if (!f.TryReadInt64("Int64", out long i)) return false;
        if (!f.TryReadUInt64("UInt64", out ulong j)) return false;
        if (!f.TryReadSingle("Single", out float k)) return false;
        if (!f.TryReadDouble("Double", out double l)) return false;
        if (!f.TryReadDecimal("Decimal", out decimal m)) return false;
        if (!f.TryReadChar("Char", out char n)) return false;
        if (!f.TryReadString("String", out string? o)) return false;
        if (!f.TryReadDateTime("DateTime", out DateTime p)) return false;
        if (!f.TryReadDateTimeOffset("DateTimeOffset", out DateTimeOffset q)) return false;
        if (!f.TryReadGuid("Guid", out Guid r)) return false;
        if (!f.TryReadEnum("Access", out Access s)) return false;
        if (!f.TryReadEnd()) return false;
        value = new AllScalars(a, b, c, d, e, g, h, i, j, k, l, m, n, o, p, q, r, s);
        return true;
    }

    public static void Write(in AllScalars v, ref CsvLineWriter f)
    {
        f.WriteBoolean(v.Boolean); f.WriteByte(v.Byte); f.WriteSByte(v.SByte); f.WriteInt16(v.Int16);
        f.WriteUInt16(v.UInt16); f.WriteInt32(v.Int32); f.WriteUInt32(v.UInt32); f.WriteInt64(v.Int64);
        f.WriteUInt64(v.UInt64); f.WriteSingle(v.Single); f.WriteDouble(v.Double); f.WriteDecimal(v.Decimal);
        f.WriteChar(v.Char); f.WriteString(v.String); f.WriteDateTime(v.DateTime);
        f.WriteDateTimeOffset(v.DateTimeOffset); f.WriteGuid(v.Guid); f.WriteEnum(v.Access);
    }
}

/// <summary>The JSON Lines format of <see cref="AllScalars"/>, written as the generator emits it (PascalCase names only, for brevity).</summary>
internal struct AllScalarsJsonFormat : IJsonLinesFormat<AllScalars>
{
    public static bool TryRead(ref JsonLineReader r, out AllScalars value)
    {
        value = null!;
        bool a = default; byte b = default; sbyte c = default; short d = default; ushort e = default;
        int g = default; uint h = default; long i = default; ulong j = default; float k = default;
        double l = default; decimal m = default; char n = default; string? o = default; DateTime p = default;
        DateTimeOffset q = default; Guid gu = default; Access s = default;
        int seen = 0;
        if (!r.TryBeginObject()) return false;
        while (r.NextProperty())
        {
            bool ok;
            if (r.NameIs("Boolean"u8)) { ok = r.TryReadBoolean("Boolean", out a); seen |= 1 << 0; }
            else if (r.NameIs("Byte"u8)) { ok = r.TryReadByte("Byte", out b); seen |= 1 << 1; }
            else if (r.NameIs("SByte"u8)) { ok = r.TryReadSByte("SByte", out c); seen |= 1 << 2; }
            else if (r.NameIs("Int16"u8)) { ok = r.TryReadInt16("Int16", out d); seen |= 1 << 3; }
            else if (r.NameIs("UInt16"u8)) { ok = r.TryReadUInt16("UInt16", out e); seen |= 1 << 4; }
            else if (r.NameIs("Int32"u8)) { ok = r.TryReadInt32("Int32", out g); seen |= 1 << 5; }
            else if (r.NameIs("UInt32"u8)) { ok = r.TryReadUInt32("UInt32", out h); seen |= 1 << 6; }
            else if (r.NameIs("Int64"u8)) { ok = r.TryReadInt64("Int64", out i); seen |= 1 << 7; }
            else if (r.NameIs("UInt64"u8)) { ok = r.TryReadUInt64("UInt64", out j); seen |= 1 << 8; }
            else if (r.NameIs("Single"u8)) { ok = r.TryReadSingle("Single", out k); seen |= 1 << 9; }
            else if (r.NameIs("Double"u8)) { ok = r.TryReadDouble("Double", out l); seen |= 1 << 10; }
            else if (r.NameIs("Decimal"u8)) { ok = r.TryReadDecimal("Decimal", out m); seen |= 1 << 11; }
            else if (r.NameIs("Char"u8)) { ok = r.TryReadChar("Char", out n); seen |= 1 << 12; }
            else if (r.NameIs("String"u8)) { ok = r.TryReadString("String", out o); seen |= 1 << 13; }
            else if (r.NameIs("DateTime"u8)) { ok = r.TryReadDateTime("DateTime", out p); seen |= 1 << 14; }
            else if (r.NameIs("DateTimeOffset"u8)) { ok = r.TryReadDateTimeOffset("DateTimeOffset", out q); seen |= 1 << 15; }
            else if (r.NameIs("Guid"u8)) { ok = r.TryReadGuid("Guid", out gu); seen |= 1 << 16; }
            else if (r.NameIs("Access"u8)) { ok = r.TryReadEnum("Access", out s); seen |= 1 << 17; }
            else ok = r.TrySkipValue();
            if (!ok) return false;
        }
        if (r.HasError) return false;
        if (seen != (1 << 18) - 1) return r.Fail("missing property");
        if (!r.TryEnd()) return false;
        value = new AllScalars(a, b, c, d, e, g, h, i, j, k, l, m, n, o, p, q, gu, s);
        return true;
    }

    public static void Write(in AllScalars v, ref JsonLineWriter w)
    {
        w.WriteBoolean("Boolean"u8, v.Boolean); w.WriteByte("Byte"u8, v.Byte); w.WriteSByte("SByte"u8, v.SByte);
        w.WriteInt16("Int16"u8, v.Int16); w.WriteUInt16("UInt16"u8, v.UInt16); w.WriteInt32("Int32"u8, v.Int32);
        w.WriteUInt32("UInt32"u8, v.UInt32); w.WriteInt64("Int64"u8, v.Int64); w.WriteUInt64("UInt64"u8, v.UInt64);
        w.WriteSingle("Single"u8, v.Single); w.WriteDouble("Double"u8, v.Double); w.WriteDecimal("Decimal"u8, v.Decimal);
        w.WriteChar("Char"u8, v.Char); w.WriteString("String"u8, v.String); w.WriteDateTime("DateTime"u8, v.DateTime);
        w.WriteDateTimeOffset("DateTimeOffset"u8, v.DateTimeOffset); w.WriteGuid("Guid"u8, v.Guid); w.WriteEnum("Access"u8, v.Access);
    }
}
