using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Tests;

/// <summary>Which record types get file formats, how they are built, and how visible the generated members are.</summary>
public sealed class RecordMappingTests
{
    [Fact]
    public void A_record_with_a_non_scalar_member_gets_no_file_members_but_still_runs()
    {
        string generated = Generate("""
            public record Nested(int X);
            public record Outer(long Id, Nested Inner);
            [Pipeline]
            public static partial class P
            {
                [Filter] static bool Keep(in Outer o) => o.Id > 0;
            }
            """);

        Assert.Contains("public static global::System.Collections.Generic.List<global::Outer> Run(", generated);
        Assert.DoesNotContain("class Files", generated);
    }

    [Fact]
    public void Only_the_mappable_side_gets_file_members()
    {
        string generated = Generate("""
            public record Nested(int[] Xs);
            public record struct Row(long Id, string Name);
            [Pipeline]
            public static partial class P
            {
                [Map] static Nested ToNested(in Row r) => new([(int)r.Id]);
            }
            """);

        Assert.Contains("ReadCsv(", generated);
        Assert.DoesNotContain("WriteCsv(", generated);
        Assert.Contains("public static string Header => \"Id,Name\";", generated);
    }

    [Fact]
    public void Settable_members_are_used_when_no_constructor_matches()
    {
        string generated = Generate("""
            public class Row { public long Id { get; set; } public string? Note { get; init; } public double Score; public int Ignored => 1; }
            [Pipeline]
            public static partial class P
            {
                [Filter] static bool Keep(Row r) => r.Id > 0;
            }
            """);

        Assert.Contains("Header => \"Id,Note,Score\"", generated);
        Assert.Contains("value = new global::Row { Id = id, Note = note, Score = score };", generated);
        Assert.DoesNotContain("property 'Note' must not be null", generated); // declared string?
    }

    [Fact]
    public void Members_are_internal_when_a_record_type_is_internal()
    {
        string generated = Generate("""
            internal record struct Row(long Id);
            [Pipeline]
            public static partial class P
            {
                [Filter] static bool Keep(in Row r) => r.Id > 0;
            }
            """);

        Assert.Contains("internal static global::System.Collections.Generic.List<global::Row> Run(", generated);
        Assert.Contains("internal static class Files", generated);
    }

    [Fact]
    public void Keyword_named_columns_get_safe_locals()
    {
        string generated = Generate("""
            public record struct Row(long Class, string Value);
            [Pipeline]
            public static partial class P
            {
                [Filter] static bool Keep(in Row r) => r.Class > 0;
            }
            """);

        Assert.Contains("out var classField)", generated);
        Assert.Contains("out var valueField)", generated);
    }

    private static string Generate(string source)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.Compile("using CompiledFlow;\n" + source));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return result.GeneratedTrees.Single().ToString();
    }
}
