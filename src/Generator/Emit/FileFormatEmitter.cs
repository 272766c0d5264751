using System.Collections.Generic;
using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes the <c>Files</c> class (CSV and JSON Lines sources for the input records, sinks for the
/// output records) and the format structs behind it, whose columns were decided at compile time.
/// A record type the readers cannot map gets no file members.
/// </summary>
internal static class FileFormatEmitter
{
    private const string InputCsv = "InputCsvFormat";
    private const string InputJson = "InputJsonLinesFormat";

    public static void Write(IndentedWriter writer, PipelineModel pipeline)
    {
        RecordMapping? input = pipeline.InputMapping;
        RecordMapping? output = pipeline.OutputMapping;
        if (input is null && output is null)
        {
            return;
        }

        // One pair of formats serves both directions when the pipeline maps a type to itself.
        bool shared = input is not null && output is not null && input.TypeName == output.TypeName;
        string outputCsv = shared ? InputCsv : "OutputCsvFormat";
        string outputJson = shared ? InputJson : "OutputJsonLinesFormat";

        writer.Line();
        WriteFilesClass(writer, pipeline, outputCsv, outputJson);
        if (input is not null)
        {
            writer.Line();
            CsvFormatEmitter.Write(writer, InputCsv, input);
            writer.Line();
            JsonLinesFormatEmitter.Write(writer, InputJson, input);
        }

        if (output is not null && !shared)
        {
            writer.Line();
            CsvFormatEmitter.Write(writer, outputCsv, output);
            writer.Line();
            JsonLinesFormatEmitter.Write(writer, outputJson, output);
        }
    }

    private static void WriteFilesClass(IndentedWriter writer, PipelineModel pipeline, string outputCsv, string outputJson)
    {
        writer.Line("/// <summary>File sources and sinks for this pipeline's records, mapped to columns at compile time.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"{pipeline.MemberAccessibility} static class Files"))
        {
            bool first = true;
            if (pipeline.InputMapping is { } input)
            {
                string source = $"global::CompiledFlow.ISource<{input.TypeName}>";
                WriteFactory(writer, ref first, $"Reads records from a CSV file whose header is <c>{Header(input)}</c>.",
                    $"public static {source} ReadCsv(string path, global::CompiledFlow.FileSourceOptions? options = null) =>",
                    $"new global::CompiledFlow.CsvFileSource<{input.TypeName}, {InputCsv}>(path, options);");
                WriteFactory(writer, ref first, "Reads records from a JSON Lines file: one JSON object per line.",
                    $"public static {source} ReadJsonLines(string path, global::CompiledFlow.FileSourceOptions? options = null) =>",
                    $"new global::CompiledFlow.JsonLinesFileSource<{input.TypeName}, {InputJson}>(path, options);");
            }

            if (pipeline.OutputMapping is { } output)
            {
                string sink = $"global::CompiledFlow.ISink<{output.TypeName}>";
                WriteFactory(writer, ref first, $"Writes records to a CSV file atomically, with the header <c>{Header(output)}</c>.",
                    $"public static {sink} WriteCsv(string path, global::CompiledFlow.FileSinkOptions? options = null) =>",
                    $"new global::CompiledFlow.CsvFileSink<{output.TypeName}, {outputCsv}>(path, options);");
                WriteFactory(writer, ref first, "Writes records to a JSON Lines file atomically: one JSON object per line.",
                    $"public static {sink} WriteJsonLines(string path, global::CompiledFlow.FileSinkOptions? options = null) =>",
                    $"new global::CompiledFlow.JsonLinesFileSink<{output.TypeName}, {outputJson}>(path, options);");

                string partSink = $"global::CompiledFlow.ITwoPhaseCommitSink<{output.TypeName}>";
                WriteFactory(writer, ref first, "Writes records to part files in a directory, exactly once with checkpoints: CSV files <c>part-000001.csv</c>, <c>part-000002.csv</c>, ..., one per checkpoint.",
                    $"public static {partSink} WriteCsvParts(string directory, global::CompiledFlow.FileSinkOptions? options = null) =>",
                    $"new global::CompiledFlow.CsvPartFileSink<{output.TypeName}, {outputCsv}>(directory, options);");
                WriteFactory(writer, ref first, "Writes records to part files in a directory, exactly once with checkpoints: JSON Lines files <c>part-000001.jsonl</c>, <c>part-000002.jsonl</c>, ..., one per checkpoint.",
                    $"public static {partSink} WriteJsonLinesParts(string directory, global::CompiledFlow.FileSinkOptions? options = null) =>",
                    $"new global::CompiledFlow.JsonLinesPartFileSink<{output.TypeName}, {outputJson}>(directory, options);");
            }
        }
    }

    private static void WriteFactory(IndentedWriter writer, ref bool first, string summary, string signature, string body)
    {
        if (!first)
        {
            writer.Line();
        }

        first = false;
        writer.Line($"/// <summary>{summary}</summary>");
        writer.Line(signature);
        writer.Line("    " + body);
    }

    public static string Header(RecordMapping mapping)
    {
        var names = new List<string>();
        foreach (FieldMapping field in mapping.Fields)
        {
            names.Add(field.Name);
        }

        return string.Join(",", names);
    }

    /// <summary>The local a reader parses a field into: the camel-cased name, kept clear of keywords and the method's own names.</summary>
    public static string LocalName(FieldMapping field)
    {
        string name = char.ToLowerInvariant(field.Name[0]) + field.Name.Substring(1);
        bool taken = name is "value" or "fields" or "reader" or "writer" or "seen"
            || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;
        return taken ? name + "Field" : name;
    }

    /// <summary>The expression that builds the record from its field locals.</summary>
    public static string Construct(RecordMapping mapping)
    {
        var locals = new List<string>();
        var assignments = new List<string>();
        foreach (FieldMapping field in mapping.Fields)
        {
            locals.Add(LocalName(field));
            assignments.Add($"{field.Name} = {LocalName(field)}");
        }

        return mapping.Construction switch
        {
            RecordConstruction.Scalar => locals[0],
            RecordConstruction.Tuple => $"({string.Join(", ", locals)})",
            RecordConstruction.Constructor => $"new {mapping.TypeName}({string.Join(", ", locals)})",
            _ => $"new {mapping.TypeName} {{ {string.Join(", ", assignments)} }}",
        };
    }

    /// <summary>How the writer reads a field from <c>value</c>.</summary>
    public static string Access(RecordMapping mapping, FieldMapping field) =>
        mapping.Construction == RecordConstruction.Scalar ? "value" : "value." + field.Name;

    /// <summary>The reader or writer method for a field, e.g. "ReadInt64" or "ReadEnum&lt;global::Demo.Side&gt;".</summary>
    public static string Method(string verb, FieldMapping field) =>
        field.Scalar == "Enum" ? $"{verb}Enum<{field.TypeName}>" : verb + field.Scalar;
}
