using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Infrastructure;
using CompiledFlow.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CompiledFlow.Benchmarks.Generator;

/// <summary>
/// The generator's own cost over a project of <see cref="PipelineCount"/> pipelines: a cold run
/// (new driver, compilation without cached symbols), and reruns of a warm driver after an edit
/// in an unrelated file (nothing may be regenerated) and after an operator is added to one
/// pipeline (one pipeline regenerated). The setup proves each claim before anything is timed.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GeneratorBenchmarks : IChecksOwnResults
{
    public const int PipelineCount = 50;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private SyntaxTree _unrelated = null!;
    private SyntaxTree _firstPipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = new List<SyntaxTree>();
        for (int i = 0; i < PipelineCount; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(SyntheticPipelines.Pipeline(i), ParseOptions, path: $"Pipeline{i:00}.cs"));
        }

        trees.Add(CSharpSyntaxTree.ParseText(SyntheticPipelines.Unrelated(42), ParseOptions, path: "Settings.cs"));
        _firstPipeline = trees[0];
        _unrelated = trees[^1];
        _compilation = CSharpCompilation.Create(
            "Synthetic",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // Cold: 50 sources, no diagnostics, and the generated code compiles.
        CreateDriver(trackSteps: false).RunGeneratorsAndUpdateCompilation(_compilation.Clone(), out Compilation output, out _);
        _warmDriver = CreateDriver(trackSteps: false).RunGenerators(_compilation);
        CheckResult(nameof(ColdRun), _warmDriver);
        Diagnostic[] errors = [.. output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
        if (errors.Length > 0)
        {
            throw new InvalidOperationException($"The generated code does not compile: {string.Join(Environment.NewLine, errors.Take(5))}");
        }

        // Incremental: the unrelated edit regenerates nothing, the pipeline edit exactly one source.
        GeneratorDriver tracked = CreateDriver(trackSteps: true).RunGenerators(_compilation);
        CheckOutputReasons(tracked.RunGenerators(EditUnrelated()), expectedModified: 0);
        CheckOutputReasons(tracked.RunGenerators(EditPipeline()), expectedModified: 1);
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver ColdRun() => CreateDriver(trackSteps: false).RunGenerators(_compilation.Clone());

    [Benchmark]
    public GeneratorDriver IncrementalRerun_UnrelatedEdit() => _warmDriver.RunGenerators(EditUnrelated());

    [Benchmark]
    public GeneratorDriver IncrementalRerun_OperatorAdded() => _warmDriver.RunGenerators(EditPipeline());

    /// <inheritdoc />
    public void CheckResult(string benchmark, object? result)
    {
        GeneratorDriverRunResult run = ((GeneratorDriver)result!).GetRunResult();
        if (run.GeneratedTrees.Length != PipelineCount || !run.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException(
                $"{benchmark}: expected {PipelineCount} generated sources and no diagnostics, got {run.GeneratedTrees.Length} sources and {run.Diagnostics.Length} diagnostics: {string.Join("; ", run.Diagnostics.Take(3))}");
        }
    }

    /// <summary>A fresh compilation (no cached symbols) in which the file without pipelines has changed.</summary>
    private CSharpCompilation EditUnrelated() =>
        _compilation.ReplaceSyntaxTree(_unrelated, CSharpSyntaxTree.ParseText(SyntheticPipelines.Unrelated(43), ParseOptions, _unrelated.FilePath));

    /// <summary>A fresh compilation in which the first pipeline has one more filter.</summary>
    private CSharpCompilation EditPipeline() =>
        _compilation.ReplaceSyntaxTree(_firstPipeline, CSharpSyntaxTree.ParseText(SyntheticPipelines.Pipeline(0, extraFilter: true), ParseOptions, _firstPipeline.FilePath));

    private static GeneratorDriver CreateDriver(bool trackSteps) =>
        CSharpGeneratorDriver.Create(
            [new PipelineGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private static ImmutableArray<MetadataReference> References() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(PipelineAttribute).Assembly.Location),
    ];

    /// <summary>
    /// Counts the pipeline models the rerun rebuilt (Modified or New; the rest must be Cached or
    /// Unchanged). With none rebuilt, every source output must also come from the cache.
    /// </summary>
    private static void CheckOutputReasons(GeneratorDriver driver, int expectedModified)
    {
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        IncrementalStepRunReason[] models = [.. run.TrackedSteps[PipelineGenerator.Steps.Models].SelectMany(step => step.Outputs).Select(output => output.Reason)];
        int modified = models.Count(reason => reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        int reused = models.Count(reason => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        bool outputsCached = run.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).All(output => output.Reason == IncrementalStepRunReason.Cached);
        if (modified != expectedModified || modified + reused != PipelineCount || (expectedModified == 0 && !outputsCached) || run.GeneratedSources.Length != PipelineCount)
        {
            throw new InvalidOperationException(
                $"Incremental rerun: expected {expectedModified} rebuilt pipeline models and the rest reused, got [{string.Join(", ", models.GroupBy(r => r).Select(g => $"{g.Key}: {g.Count()}"))}], outputs all cached: {outputsCached}, {run.GeneratedSources.Length} sources.");
        }
    }
}
