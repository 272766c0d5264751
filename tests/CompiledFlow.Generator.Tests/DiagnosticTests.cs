using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CompiledFlow.Generator.Tests;

/// <summary>
/// One test per diagnostic ID: the source marks the expected location with [| |]; the test checks
/// that exactly that diagnostic is reported there and that its message names the method and types.
/// </summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void CF0001_pipeline_class_not_partial() => AssertSingle("CF0001", """
        [Pipeline]
        public static class [|Prices|]
        {
            [Map] static long Double(in long x) => x * 2;
        }
        """, "Prices");

    [Fact]
    public void CF0002_pipeline_without_operators() => AssertSingle("CF0002", """
        [Pipeline]
        public static partial class [|Nothing|]
        {
            static long NotAnOperator(in long x) => x;
        }
        """, "Nothing");

    [Fact]
    public void CF0003_operators_split_across_partial_declarations() => AssertSingle("CF0003", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long Double(in long x) => x * 2;
        }

        public static partial class Prices
        {
            [Filter] static bool [|Positive|](in long x) => x > 0;
        }
        """, "Positive", "Double");

    [Fact]
    public void CF0004_input_does_not_match_previous_output() => AssertSingle("CF0004", """
        public record struct Bid(long Price);
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long Price(in Bid b) => b.Price;
            [Filter] static bool [|Valid|](in Bid b) => b.Price > 0;
        }
        """, "'Valid' takes 'Bid'", "'Price' produces 'long'");

    [Fact]
    public void CF0005_operator_not_static() => AssertSingle("CF0005", """
        [Pipeline]
        public partial class Prices
        {
            [Map] long [|Double|](in long x) => x * 2;
        }
        """, "Double");

    [Fact]
    public void CF0006_generic_operator() => AssertSingle("CF0006", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static T [|Same|]<T>(in T x) => x;
        }
        """, "Same");

    [Fact]
    public void CF0007_two_operator_attributes() => AssertSingle("CF0007", """
        [Pipeline]
        public static partial class Prices
        {
            [Map, Filter] static bool [|Both|](in long x) => x > 0;
        }
        """, "Both", "[Map]", "[Filter]");

    [Fact]
    public void CF0008_wrong_parameter_count() => AssertSingle("CF0008", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long [|Add|](in long x, long y) => x + y;
        }
        """, "[Map] method 'Add' takes 2 parameter(s)", "static TOut Add(in TIn x)");

    [Fact]
    public void CF0009_filter_not_returning_bool() => AssertSingle("CF0009", """
        [Pipeline]
        public static partial class Prices
        {
            [Filter] static int [|Sign|](in long x) => x > 0 ? 1 : 0;
        }
        """, "Sign", "'int'");

    [Fact]
    public void CF0010_map_returning_void() => AssertSingle("CF0010", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static void [|Nothing|](in long x) { }
        }
        """, "Nothing");

    [Fact]
    public void CF0011_flat_map_without_emitter() => AssertSingle("CF0011", """
        [Pipeline]
        public static partial class Prices
        {
            [FlatMap] static void [|Split|](in string x, System.Collections.Generic.List<string> output) { }
        }
        """, "Split", "List<string>", "ref Emitter<TOut>");

    [Fact]
    public void CF0011_flat_map_emitter_without_ref() => AssertSingle("CF0011", """
        [Pipeline]
        public static partial class Prices
        {
            [FlatMap] static void [|Split|](in string x, Emitter<string> output) { }
        }
        """, "Split", "without 'ref'");

    [Fact]
    public void CF0012_ref_input_parameter() => AssertSingle("CF0012", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long Double(ref long [|x|]) => x * 2;
        }
        """, "'x'", "'Double'", "'ref'", "'in long x'");

    [Fact]
    public void CF0013_generic_pipeline_class() => AssertSingle("CF0013", """
        [Pipeline]
        public static partial class [|Prices|]<T>
        {
            [Map] static long Double(in long x) => x * 2;
        }
        """, "Prices");

    [Fact]
    public void CF0014_containing_type_not_partial() => AssertSingle("CF0014", """
        public static class Outer
        {
            [Pipeline]
            public static partial class [|Prices|]
            {
                [Map] static long Double(in long x) => x * 2;
            }
        }
        """, "Prices", "Outer");

    [Fact]
    public void CF0015_ref_struct_record() => AssertSingle("CF0015", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long [|Length|](in System.ReadOnlySpan<byte> x) => x.Length;
        }
        """, "Length", "ref struct");

    [Fact]
    public void CF0016_operator_outside_a_pipeline() => AssertSingle("CF0016", """
        public static class Helpers
        {
            [Filter] static bool [|Positive|](in long x) => x > 0;
        }
        """, "[Filter]", "Positive", "Helpers", "[Pipeline]");

    [Fact]
    public void Unbound_types_are_left_to_the_compiler()
    {
        (string source, _) = Markup("""
            [Pipeline]
            public static partial class Prices
            {
                [Map] static Missing Convert(in long x) => default;
            }
            """);
        Assert.Empty(GeneratorHarness.Diagnostics(source));
    }

    [Fact]
    public void Half_typed_code_does_not_crash_the_generator()
    {
        string[] fragments =
        [
            "[Pipeline] public static partial class P { [Map] static long M(in long x) => ",
            "[Pipeline] public static partial class P { [Map] static M(in x) }",
            "[Pipeline] public static partial class P { [FlatMap] static void F(in long x, ref Emitter<> o) { } }",
            "[Pipeline] partial class { [Filter] bool (long) }",
            "[Pipeline] public static partial class P { [Map] static long M(in long x) => x; [Map] static long M(in long x) => x; }",
        ];
        foreach (string fragment in fragments)
        {
            GeneratorDriverRunResult result = GeneratorHarness.Run(GeneratorHarness.Compile(Prelude + fragment)).Result;
            Assert.All(result.Results, r => Assert.Null(r.Exception));
        }
    }

    [Fact]
    public void Every_prefix_of_a_pipeline_file_is_handled_without_an_exception()
    {
        // Simulates typing a pipeline character by character: the generator must report or stay silent, never throw.
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pipelines", "WordPipelines.cs"));
        for (int length = 0; length <= source.Length; length += 3)
        {
            GeneratorDriverRunResult result = GeneratorHarness.Run(GeneratorHarness.Compile(Prelude + source[..length])).Result;
            Assert.All(result.Results, r => Assert.Null(r.Exception));
        }
    }

    private const string Prelude = "using CompiledFlow;\n";

    private static void AssertSingle(string id, string markedSource, params string[] messageParts)
    {
        (string source, TextSpan expected) = Markup(markedSource);
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnostics(source));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string part in messageParts)
        {
            Assert.Contains(part, message);
        }
    }

    /// <summary>Removes the [| |] marker and returns the span it surrounded.</summary>
    private static (string Source, TextSpan Span) Markup(string marked)
    {
        string source = Prelude + marked;
        int start = source.IndexOf("[|", StringComparison.Ordinal);
        if (start < 0)
        {
            return (source, default);
        }

        source = source.Remove(start, 2);
        int end = source.IndexOf("|]", start, StringComparison.Ordinal);
        return (source.Remove(end, 2), TextSpan.FromBounds(start, end));
    }
}
