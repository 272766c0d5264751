using System.Collections.Immutable;
using CompiledFlow.Generator.Emit;
using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CompiledFlow.Generator;

/// <summary>
/// The incremental pipeline: [Pipeline] classes are parsed into equatable models (symbols stop
/// in the parser), models go to the emitter, diagnostics go their own way so that moving a line
/// re-reports diagnostics without regenerating code. Operator attributes outside a pipeline are
/// reported by a second, small pipeline.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PipelineGenerator : IIncrementalGenerator
{
    /// <summary>Step names, tracked in tests to prove an unrelated edit regenerates nothing.</summary>
    public static class Steps
    {
        public const string Parse = "CompiledFlow.Parse";
        public const string Models = "CompiledFlow.Models";
        public const string Diagnostics = "CompiledFlow.Diagnostics";
        public const string StrayOperators = "CompiledFlow.StrayOperators";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<PipelineParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                OperatorAttributes.Pipeline,
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntax, cancellationToken) => PipelineParser.Parse(syntax, cancellationToken))
            .WithTrackingName(Steps.Parse);

        IncrementalValuesProvider<PipelineModel> models = results
            .Where(static result => result.Pipeline is not null)
            .Select(static (result, _) => result.Pipeline!)
            .WithTrackingName(Steps.Models);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(PipelineEmitter.HintName(model), SourceText.From(PipelineEmitter.Emit(model), System.Text.Encoding.UTF8)));

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(Steps.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, list) => Report(output, list));

        foreach ((string metadataName, OperatorKind kind) in OperatorAttributes.All)
        {
            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> strays = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    metadataName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    (syntax, _) => StrayOperatorCheck.Check(syntax, kind))
                .WithTrackingName(Steps.StrayOperators);
            context.RegisterSourceOutput(strays, static (output, list) => Report(output, list));
        }
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
