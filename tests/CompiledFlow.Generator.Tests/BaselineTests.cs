using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Tests;

/// <summary>
/// The generated code for the pipelines the runtime tests run, compared with checked-in files.
/// Set CF_UPDATE_BASELINES=1 to rewrite the files after an intended change, then review the diff.
/// </summary>
public sealed class BaselineTests
{
    public static TheoryData<string> Pipelines => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Pipelines"), "*.cs").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Generated_code_matches_the_baseline(string file)
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pipelines", file));
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        GeneratedSourceResult[] generated = result.Results.Single().GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(generated);
        foreach (GeneratedSourceResult generatedSource in generated)
        {
            string actual = generatedSource.SourceText.ToString();
            string baseline = Path.Combine(BaselineDirectory(), generatedSource.HintName);
            if (Environment.GetEnvironmentVariable("CF_UPDATE_BASELINES") == "1")
            {
                File.WriteAllText(baseline, actual);
            }

            Assert.True(File.Exists(baseline), $"No baseline {baseline}: run the tests with CF_UPDATE_BASELINES=1 and review the new file.");
            Assert.Equal(File.ReadAllText(baseline).ReplaceLineEndings("\n"), actual);
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        string[] sources = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Pipelines"), "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        string[] first = Generate(sources);
        string[] second = Generate(sources.Reverse().ToArray());
        Assert.Equal(first, second);

        static string[] Generate(string[] sources) =>
            GeneratorHarness.Run(GeneratorHarness.Compile(sources)).Result.Results.Single().GeneratedSources
                .OrderBy(s => s.HintName, StringComparer.Ordinal)
                .Select(s => s.HintName + "\n" + s.SourceText)
                .ToArray();
    }

    private static string BaselineDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines");
}
