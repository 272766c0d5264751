using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Tests;

/// <summary>
/// The generated code for the pipelines the runtime tests compile and run, compared with
/// checked-in files, one per pipeline. Set CF_UPDATE_BASELINES=1 to rewrite the files after an
/// intended change, then review the diff.
/// </summary>
public sealed class BaselineTests
{
    private static readonly Lazy<(GeneratorDriverRunResult Result, Compilation Output)> Generated = new(() =>
        GeneratorHarness.Run(GeneratorHarness.Compile(PipelineSources())));

    public static TheoryData<string> Pipelines => new(Generated.Value.Result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).Order(StringComparer.Ordinal));

    [Fact]
    public void The_test_pipelines_generate_code_that_compiles_without_diagnostics()
    {
        (GeneratorDriverRunResult result, Compilation output) = Generated.Value;
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.True(result.GeneratedTrees.Length >= 9, $"only {result.GeneratedTrees.Length} pipelines generated");
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Generated_code_matches_the_baseline(string hintName)
    {
        string actual = Generated.Value.Result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
        string baseline = Path.Combine(BaselineDirectory(), hintName);
        if (Environment.GetEnvironmentVariable("CF_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(baseline, actual);
        }

        Assert.True(File.Exists(baseline), $"No baseline {baseline}: run the tests with CF_UPDATE_BASELINES=1 and review the new file.");
        Assert.Equal(File.ReadAllText(baseline).ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Every_baseline_belongs_to_a_pipeline()
    {
        string[] generated = Generated.Value.Result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).ToArray();
        string[] baselines = Directory.GetFiles(BaselineDirectory(), "*.g.cs").Select(Path.GetFileName).ToArray()!;
        Assert.Empty(baselines.Except(generated));
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        string[] sources = PipelineSources();
        Assert.Equal(Generate(sources), Generate(sources.Reverse().ToArray()));

        static string[] Generate(string[] sources) =>
            GeneratorHarness.Run(GeneratorHarness.Compile(sources)).Result.Results.Single().GeneratedSources
                .OrderBy(s => s.HintName, StringComparer.Ordinal)
                .Select(s => s.HintName + "\n" + s.SourceText)
                .ToArray();
    }

    private static string[] PipelineSources() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Pipelines"), "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    private static string BaselineDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines");
}
