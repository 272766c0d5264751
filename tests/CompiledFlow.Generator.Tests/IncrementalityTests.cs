using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CompiledFlow.Generator.Tests;

/// <summary>Edits that do not touch a pipeline must not re-run its emitter.</summary>
public sealed class IncrementalityTests
{
    private const string Pipeline = """
        using CompiledFlow;
        namespace Demo;
        public readonly record struct Bid(long Auction, long Price);
        [Pipeline]
        public static partial class Prices
        {
            [Filter] static bool Valid(in Bid b) => b.Price > 0;
            [Map] static long Price(in Bid b) => b.Price;
        }
        """;

    private const string Other = """
        namespace Demo;
        public static class Unrelated
        {
            public static int Answer() => 42;
        }
        """;

    [Fact]
    public void An_edit_in_another_file_leaves_every_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Pipeline, Other);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree oldTree = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            oldTree, CSharpSyntaxTree.ParseText(Other.Replace("42", "43"), (CSharpParseOptions)oldTree.Options, oldTree.FilePath));
        GeneratorRunResult rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertStepReasons(rerun, PipelineGenerator.Steps.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertStepReasons(rerun, PipelineGenerator.Steps.Diagnostics, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(
            rerun.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_comment_added_above_the_pipeline_keeps_the_model_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Pipeline);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree oldTree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            oldTree, CSharpSyntaxTree.ParseText("// a comment that moves every line\n" + Pipeline, (CSharpParseOptions)oldTree.Options, oldTree.FilePath));
        GeneratorRunResult rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertStepReasons(rerun, PipelineGenerator.Steps.Models, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        Assert.All(
            rerun.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Changing_an_operator_regenerates_the_pipeline()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Pipeline);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree oldTree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            oldTree, CSharpSyntaxTree.ParseText(Pipeline.Replace("[Filter]", "[Filter] static bool Small(in Bid b) => b.Price < 10;\n    [Filter]"), (CSharpParseOptions)oldTree.Options, oldTree.FilePath));
        GeneratorRunResult rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertStepReasons(rerun, PipelineGenerator.Steps.Models, IncrementalStepRunReason.Modified);
        Assert.Contains("Small(in r0)", rerun.GeneratedSources.Single().SourceText.ToString());
    }

    private static void AssertStepReasons(GeneratorRunResult run, string step, params IncrementalStepRunReason[] allowed)
    {
        IncrementalGeneratorRunStep[] steps = run.TrackedSteps[step].ToArray();
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(s => s.Outputs), output => Assert.Contains(output.Reason, allowed));
    }
}
