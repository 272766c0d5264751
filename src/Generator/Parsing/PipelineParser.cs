using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Turns a class marked [Pipeline] into a <see cref="PipelineModel"/>: checks the class, collects
/// its operators in declaration order, checks that each operator's input is the previous one's
/// output, and maps the input and output records to file columns. Symbols stop here.
/// </summary>
internal static class PipelineParser
{
    public static PipelineParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (ClassDeclarationSyntax)context.TargetNode;
        Location classLocation = declaration.Identifier.GetLocation();
        var diagnostics = new List<DiagnosticInfo>();

        CheckClass(type, declaration, classLocation, diagnostics);

        List<(IMethodSymbol Method, OperatorKind Kind)> operators = CollectOperators(type, declaration, diagnostics, cancellationToken);
        if (operators.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyPipeline, classLocation, type.Name));
        }

        var models = new List<OperatorModel>();
        bool allParsed = true;
        foreach ((IMethodSymbol method, OperatorKind kind) in operators)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OperatorModel? model = OperatorParser.Parse(method, kind, diagnostics);
            allParsed &= model is not null;
            if (model is not null)
            {
                models.Add(model);
            }
        }

        List<JoinInputParser.Input> joinInputs = JoinInputParser.Collect(type, diagnostics, cancellationToken);
        int joinIndex = models.FindIndex(m => m.IsJoin);
        if (joinInputs.Count > 0 && !operators.Any(o => o.Kind is OperatorKind.CoGroup or OperatorKind.IntervalJoin) && diagnostics.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, joinInputs[0].Type.Locations[0], type.Name, $"is missing: '{joinInputs[0].Type.Name}' is a [JoinInput] but no [CoGroup] or [IntervalJoin] follows"));
        }

        ITypeSymbol? outputType = null;
        List<JoinInputModel> joinModels = [];
        if (allParsed && models.Count > 0 && diagnostics.Count == 0)
        {
            KeyedStructure.Check(type.Name, models, operators, diagnostics);
            if (diagnostics.Count == 0)
            {
                outputType = CheckChainTypes(context.SemanticModel.Compilation, type, operators, models, joinInputs, joinModels, diagnostics);
            }
        }

        PipelineModel? pipeline = null;
        if (outputType is not null && diagnostics.Count == 0)
        {
            ITypeSymbol inputType = joinIndex == 0 ? joinInputs[0].Operators[0].Method.Parameters[0].Type : InputOf(operators[0]).Type;
            pipeline = new PipelineModel(
                Namespace: type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
                ContainingTypes: ContainingTypeDeclarations(type).ToEquatableArray(),
                ClassName: type.Name,
                FullName: type.ToDisplayString(),
                MemberAccessibility: Accessibility.WidestFor(type, inputType, outputType),
                InputType: TypeNames.Qualified(inputType),
                OutputType: models[models.Count - 1].OutputType,
                Operators: models.ToEquatableArray(),
                InputMapping: RecordMappingParser.TryMap(inputType),
                OutputMapping: RecordMappingParser.TryMap(outputType),
                JoinInputs: joinModels.ToEquatableArray());
        }

        return new PipelineParseResult(pipeline, diagnostics.ToEquatableArray());
    }

    private static void CheckClass(INamedTypeSymbol type, ClassDeclarationSyntax declaration, Location location, List<DiagnosticInfo> diagnostics)
    {
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PipelineNotPartial, location, type.Name));
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericPipeline, location, type.Name));
                break;
            }
        }

        for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax container; parent = parent.Parent)
        {
            if (!container.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, location, type.Name, container.Identifier.Text));
            }
        }
    }

    /// <summary>
    /// The operator methods in declaration order. They must all live in one partial declaration:
    /// the one holding the first operator (preferring the declaration marked [Pipeline]); operators
    /// elsewhere are reported.
    /// </summary>
    public static List<(IMethodSymbol Method, OperatorKind Kind)> CollectOperators(
        INamedTypeSymbol type, ClassDeclarationSyntax pipelineDeclaration, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var found = new List<(IMethodSymbol Method, OperatorKind Kind, SyntaxNode Declaration, int Position)>();
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<OperatorKind> kinds = OperatorAttributes.KindsOf(method);
            if (OperatorAttributes.WindowsOf(method).Count > 0 && !kinds.Contains(OperatorKind.Aggregate) && !kinds.Contains(OperatorKind.CoGroup))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowWithoutAggregate, method.Locations[0], method.Name));
            }

            if (kinds.Count == 0 || method.DeclaringSyntaxReferences.Length == 0)
            {
                continue;
            }

            if (kinds.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MultipleOperatorAttributes, method.Locations[0], method.Name, kinds[0].ToString(), kinds[1].ToString()));
                continue;
            }

            SyntaxNode methodSyntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            found.Add((method, kinds[0], methodSyntax.Parent!, methodSyntax.SpanStart));
        }

        if (found.Count == 0)
        {
            return [];
        }

        SyntaxNode home = found.Any(f => f.Declaration == pipelineDeclaration)
            ? pipelineDeclaration
            : found.OrderBy(f => f.Declaration.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(f => f.Position).First().Declaration;
        var inHome = found.Where(f => f.Declaration == home).OrderBy(f => f.Position).ToList();
        foreach (var stray in found.Where(f => f.Declaration != home))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OperatorsSplitAcrossDeclarations, stray.Method.Locations[0], stray.Method.Name, type.Name, inHome[0].Method.Name));
        }

        return inHome.Select(f => (f.Method, f.Kind)).ToList();
    }

    /// <summary>
    /// Checks that each operator takes what the previous one produces; fills in the output type of
    /// each [Aggregate] (a WindowResult of the key and the accumulator) and returns the pipeline's
    /// output type, or null after reporting a mismatch.
    /// </summary>
    private static ITypeSymbol? CheckChainTypes(
        Compilation compilation,
        INamedTypeSymbol pipeline,
        List<(IMethodSymbol Method, OperatorKind Kind)> operators,
        List<OperatorModel> models,
        List<JoinInputParser.Input> joinInputs,
        List<JoinInputModel> joinModels,
        List<DiagnosticInfo> diagnostics)
    {
        ITypeSymbol? produced = null;
        ITypeSymbol? key = null;
        for (int i = 0; i < operators.Count; i++)
        {
            (IMethodSymbol method, OperatorKind kind) = operators[i];
            if (models[i].IsJoin)
            {
                // The join takes its records from the two [JoinInput] chains, which start from what came before it.
                string producedBy = i == 0 ? "the pipeline's input" : operators[i - 1].Method.Name;
                if (JoinInputParser.Check(compilation, pipeline, joinInputs, models[i], method.Locations[0], produced, producedBy, diagnostics) is not { } join)
                {
                    return null;
                }

                joinModels.AddRange(join.Inputs);
                models[i] = join.Join;
                produced = kind == OperatorKind.CoGroup ? ((INamedTypeSymbol)method.Parameters[1].Type).TypeArguments[0] : method.ReturnType;
                continue;
            }

            ITypeSymbol taken = InputOf(operators[i]).Type;
            if (produced is not null && !compilation.ClassifyConversion(produced, taken).IsIdentity)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.OperatorTypeMismatch, method.Locations[0], method.Name, TypeNames.Display(taken), operators[i - 1].Method.Name, TypeNames.Display(produced)));
                return null;
            }

            switch (kind)
            {
                case OperatorKind.Map:
                    produced = method.ReturnType;
                    break;
                case OperatorKind.FlatMap:
                    produced = ((INamedTypeSymbol)method.Parameters[1].Type).TypeArguments[0];
                    break;
                case OperatorKind.KeyBy:
                    key = method.ReturnType;
                    produced = taken;
                    break;
                case OperatorKind.Aggregate:
                    INamedTypeSymbol? result = compilation.GetTypeByMetadataName("CompiledFlow.WindowResult`2")?.Construct(key!, method.Parameters[0].Type);
                    if (result is null)
                    {
                        return null; // the runtime is not referenced: the compiler reports the missing attributes
                    }

                    models[i] = models[i] with { OutputType = TypeNames.Qualified(result) };
                    produced = result;
                    break;
                case OperatorKind.Process:
                    var context = (INamedTypeSymbol)method.Parameters[1].Type;
                    if (!compilation.ClassifyConversion(key!, context.TypeArguments[0]).IsIdentity)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.ProcessKeyMismatch, method.Locations[0], method.Name, TypeNames.Display(context.TypeArguments[0]), operators[i - 1].Method.Name, TypeNames.Display(key!)));
                        return null;
                    }

                    produced = context.TypeArguments[2];
                    break;
                default:
                    produced = taken;
                    break;
            }
        }

        return produced;
    }

    /// <summary>The parameter holding an operator's input record.</summary>
    private static IParameterSymbol InputOf((IMethodSymbol Method, OperatorKind Kind) op) =>
        op.Method.Parameters[op.Kind == OperatorKind.Aggregate ? 1 : 0];

    /// <summary>e.g. ["partial class Outer", "partial record struct Inner"], outermost first.</summary>
    private static IEnumerable<string> ContainingTypeDeclarations(INamedTypeSymbol type)
    {
        var declarations = new Stack<string>();
        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            string keyword = (container.IsRecord, container.TypeKind) switch
            {
                (true, TypeKind.Struct) => "record struct",
                (true, _) => "record",
                (_, TypeKind.Struct) => "struct",
                (_, TypeKind.Interface) => "interface",
                _ => "class",
            };
            declarations.Push($"partial {keyword} {container.Name}");
        }

        return declarations;
    }
}
