using System.Collections;
using System.Reflection;
using CompiledFlow.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Tests;

/// <summary>
/// The models that flow through the incremental pipeline must hold no Roslyn object: a symbol,
/// syntax node, compilation or location would keep a whole compilation alive and defeat caching.
/// </summary>
public sealed class ModelPurityTests
{
    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location)];

    [Fact]
    public void Parse_results_hold_no_symbols_syntax_compilations_or_locations()
    {
        string[] sources = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Pipelines"), "*.cs").Select(File.ReadAllText).ToArray();
        GeneratorRunResult run = GeneratorHarness.Run(GeneratorHarness.Compile([.. sources, BrokenPipeline])).Result.Results.Single();

        object[] results = run.TrackedSteps[PipelineGenerator.Steps.Parse].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
        Assert.Contains(results, r => r is PipelineParseResult { Pipeline: not null });
        Assert.Contains(results, r => r is PipelineParseResult { Diagnostics.Count: > 0 });
        int visited = 0;
        foreach (object result in results)
        {
            Walk(result, "result", new HashSet<object>(ReferenceEqualityComparer.Instance), ref visited);
        }

        Assert.True(visited > 50, $"the walk reached only {visited} objects");
    }

    private const string BrokenPipeline = """
        using CompiledFlow;
        [Pipeline]
        public static partial class Broken
        {
            [Filter] static int NotABool(in long x) => 1;
        }
        """;

    private static void Walk(object? value, string path, HashSet<object> seen, ref int visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        visited++;
        Type type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type.Name}");
        if (value is DiagnosticDescriptor or Microsoft.CodeAnalysis.Text.TextSpan or Microsoft.CodeAnalysis.Text.LinePositionSpan)
        {
            return; // plain values
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{i++}]", seen, ref visited);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Assert.False(Forbidden.Any(f => f.IsAssignableFrom(field.FieldType)), $"{path}.{field.Name} is declared as {field.FieldType.Name}");
            Walk(field.GetValue(value), $"{path}.{field.Name}", seen, ref visited);
        }
    }
}
