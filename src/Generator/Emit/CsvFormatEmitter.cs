using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Emit;

/// <summary>Writes a struct implementing <c>ICsvFormat&lt;T&gt;</c>: one field per column, in column order.</summary>
internal static class CsvFormatEmitter
{
    public static void Write(IndentedWriter writer, string name, RecordMapping mapping)
    {
        writer.Line($"/// <summary>A record as a CSV line: {FileFormatEmitter.Header(mapping)}.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private readonly struct {name} : global::CompiledFlow.Formats.ICsvFormat<{mapping.TypeName}>"))
        {
            writer.Line($"public static string Header => \"{FileFormatEmitter.Header(mapping)}\";");
            writer.Line();
            using (writer.Block($"public static bool TryRead(ref global::CompiledFlow.Formats.CsvLineReader fields, out {mapping.TypeName} value)"))
            {
                for (int i = 0; i < mapping.Fields.Count; i++)
                {
                    FieldMapping field = mapping.Fields[i];
                    string prefix = i == 0 ? "if (" : "    || ";
                    writer.Line($"{prefix}!fields.{FileFormatEmitter.Method("TryRead", field)}(\"{field.Name}\", out var {FileFormatEmitter.LocalName(field)})");
                }

                writer.Line("    || !fields.TryReadEnd())");
                using (writer.Block(string.Empty))
                {
                    writer.Line("value = default!;");
                    writer.Line("return false;");
                }

                writer.Line();
                writer.Line($"value = {FileFormatEmitter.Construct(mapping)};");
                writer.Line("return true;");
            }

            writer.Line();
            using (writer.Block($"public static void Write(in {mapping.TypeName} value, ref global::CompiledFlow.Formats.CsvLineWriter fields)"))
            {
                foreach (FieldMapping field in mapping.Fields)
                {
                    writer.Line($"fields.{FileFormatEmitter.Method("Write", field)}({FileFormatEmitter.Access(mapping, field)});");
                }
            }
        }
    }
}
