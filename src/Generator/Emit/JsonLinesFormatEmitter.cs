using System.Globalization;
using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes a struct implementing <c>IJsonLinesFormat&lt;T&gt;</c>: properties named as the record's
/// members (camelCase also accepted on read), unknown properties skipped, missing ones an error.
/// </summary>
internal static class JsonLinesFormatEmitter
{
    public static void Write(IndentedWriter writer, string name, RecordMapping mapping)
    {
        writer.Line("/// <summary>A record as one JSON object per line.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private readonly struct {name} : global::CompiledFlow.Formats.IJsonLinesFormat<{mapping.TypeName}>"))
        {
            WriteTryRead(writer, mapping);
            writer.Line();
            using (writer.Block($"public static void Write(in {mapping.TypeName} value, ref global::CompiledFlow.Formats.JsonLineWriter writer)"))
            {
                foreach (FieldMapping field in mapping.Fields)
                {
                    writer.Line($"writer.{FileFormatEmitter.Method("Write", field)}(\"{field.Name}\"u8, {FileFormatEmitter.Access(mapping, field)});");
                }
            }
        }
    }

    private static void WriteTryRead(IndentedWriter writer, RecordMapping mapping)
    {
        using (writer.Block($"public static bool TryRead(ref global::CompiledFlow.Formats.JsonLineReader reader, out {mapping.TypeName} value)"))
        {
            writer.Line("value = default!;");
            foreach (FieldMapping field in mapping.Fields)
            {
                writer.Line(field.Scalar == "String"
                    ? $"string? {FileFormatEmitter.LocalName(field)} = null;"
                    : $"{field.TypeName} {FileFormatEmitter.LocalName(field)} = default;");
            }

            writer.Line("ulong seen = 0;");
            using (writer.Block("if (!reader.TryBeginObject())"))
            {
                writer.Line("return false;");
            }

            writer.Line();
            using (writer.Block("while (reader.NextProperty())"))
            {
                for (int i = 0; i < mapping.Fields.Count; i++)
                {
                    FieldMapping field = mapping.Fields[i];
                    string camel = char.ToLowerInvariant(field.Name[0]) + field.Name.Substring(1);
                    string test = camel == field.Name
                        ? $"reader.NameIs(\"{field.Name}\"u8)"
                        : $"reader.NameIs(\"{field.Name}\"u8) || reader.NameIs(\"{camel}\"u8)";
                    using (writer.Block($"{(i == 0 ? "if" : "else if")} ({test})"))
                    {
                        using (writer.Block($"if (!reader.{FileFormatEmitter.Method("TryRead", field)}(\"{field.Name}\", out {FileFormatEmitter.LocalName(field)}))"))
                        {
                            writer.Line("return false;");
                        }

                        writer.Line();
                        writer.Line($"seen |= {Bit(i)};");
                    }
                }

                using (writer.Block("else if (!reader.TrySkipValue())"))
                {
                    writer.Line("return false;");
                }
            }

            writer.Line();
            using (writer.Block("if (reader.HasError)"))
            {
                writer.Line("return false;");
            }

            writer.Line();

            for (int i = 0; i < mapping.Fields.Count; i++)
            {
                using (writer.Block($"if ((seen & {Bit(i)}) == 0)"))
                {
                    writer.Line($"return reader.Fail(\"missing property '{mapping.Fields[i].Name}'\");");
                }

                writer.Line();
            }

            foreach (FieldMapping field in mapping.Fields)
            {
                if (field.Scalar == "String" && !field.AllowsNull)
                {
                    using (writer.Block($"if ({FileFormatEmitter.LocalName(field)} is null)"))
                    {
                        writer.Line($"return reader.Fail(\"property '{field.Name}' must not be null (declare it string? to allow null)\");");
                    }

                    writer.Line();
                }
            }

            using (writer.Block("if (!reader.TryEnd())"))
            {
                writer.Line("return false;");
            }

            writer.Line();
            writer.Line($"value = {FileFormatEmitter.Construct(mapping)};");
            writer.Line("return true;");
        }
    }

    private static string Bit(int index) => "0x" + (1UL << index).ToString("X", CultureInfo.InvariantCulture) + "UL";
}
