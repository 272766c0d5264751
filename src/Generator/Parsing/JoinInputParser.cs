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
/// Reads the two [JoinInput] classes of a join pipeline and checks that they fit the join: each
/// starts from what the pipeline's chain before the join produces, holds only stateless
/// operators and ends with a [KeyBy]; the two keys have one type; one input produces the join's
/// left records and the other its right records.
/// </summary>
internal static class JoinInputParser
{
    /// <summary>A [JoinInput] class as parsed: its operators with their symbols, for the type checks.</summary>
    public sealed class Input(INamedTypeSymbol type, List<(IMethodSymbol Method, OperatorKind Kind)> operators, List<OperatorModel> models)
    {
        public INamedTypeSymbol Type { get; } = type;

        public List<(IMethodSymbol Method, OperatorKind Kind)> Operators { get; } = operators;

        public List<OperatorModel> Models { get; } = models;
    }

    public static List<Input> Collect(INamedTypeSymbol pipeline, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var inputs = new List<Input>();
        foreach (INamedTypeSymbol nested in pipeline.GetTypeMembers().Where(OperatorAttributes.IsJoinInput))
        {
            if (nested.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not ClassDeclarationSyntax declaration)
            {
                continue;
            }

            if (!declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, declaration.Identifier.GetLocation(), pipeline.Name, $"takes input '{nested.Name}', which must be declared partial so that CompiledFlow can add its generated method"));
                continue;
            }

            List<(IMethodSymbol Method, OperatorKind Kind)> operators = PipelineParser.CollectOperators(nested, declaration, diagnostics, cancellationToken);
            var models = new List<OperatorModel>();
            foreach ((IMethodSymbol method, OperatorKind kind) in operators)
            {
                if (OperatorParser.Parse(method, kind, diagnostics) is { } model)
                {
                    models.Add(model);
                }
            }

            inputs.Add(new Input(nested, operators, models));
        }

        return inputs;
    }

    /// <summary>
    /// Checks the inputs against the join at <paramref name="joinIndex"/> of the main chain, whose
    /// preceding operators produce <paramref name="produced"/> (null when the join comes first).
    /// Returns the inputs, left first, and the join model with its key type; null after a report.
    /// </summary>
    public static (List<JoinInputModel> Inputs, OperatorModel Join)? Check(
        Compilation compilation, INamedTypeSymbol pipeline, List<Input> inputs, OperatorModel join, Location joinLocation, ITypeSymbol? produced, string producedBy, List<DiagnosticInfo> diagnostics)
    {
        if (inputs.Count != 2)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, joinLocation, pipeline.Name, $"at '{join.MethodName}' needs two nested [JoinInput] classes, found {inputs.Count}"));
            return null;
        }

        var keys = new ITypeSymbol[2];
        var records = new ITypeSymbol[2];
        for (int i = 0; i < 2; i++)
        {
            Input input = inputs[i];
            Location location = input.Type.Locations[0];
            if (input.Operators.Count == 0 || input.Operators[input.Operators.Count - 1].Kind != OperatorKind.KeyBy)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, location, pipeline.Name, $"takes input '{input.Type.Name}', which must end with a [KeyBy]"));
                return null;
            }

            IMethodSymbol keyBy = input.Operators[input.Operators.Count - 1].Method;
            if (TimeAndKeyParser.IsLocal(keyBy))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, keyBy.Locations[0], pipeline.Name, $"takes input '{input.Type.Name}', whose [KeyBy] '{keyBy.Name}' is local; the two sides of a key must meet in one subtask, so a join input's [KeyBy] cannot set Local = true"));
                return null;
            }

            if (input.Operators.Take(input.Operators.Count - 1).Any(o => o.Kind is not (OperatorKind.Map or OperatorKind.Filter or OperatorKind.FlatMap)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, location, pipeline.Name, $"takes input '{input.Type.Name}', which may hold only [Map], [Filter] and [FlatMap] before its [KeyBy]"));
                return null;
            }

            ITypeSymbol? record = produced ?? input.Operators[0].Method.Parameters[0].Type;
            string previous = producedBy;
            foreach ((IMethodSymbol method, OperatorKind kind) in input.Operators)
            {
                ITypeSymbol taken = method.Parameters[0].Type;
                if (!compilation.ClassifyConversion(record, taken).IsIdentity)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OperatorTypeMismatch, method.Locations[0], method.Name, TypeNames.Display(taken), previous, TypeNames.Display(record)));
                    return null;
                }

                previous = method.Name;
                record = kind switch
                {
                    OperatorKind.Map => method.ReturnType,
                    OperatorKind.FlatMap => ((INamedTypeSymbol)method.Parameters[1].Type).TypeArguments[0],
                    _ => taken,
                };
            }

            records[i] = record;
            keys[i] = input.Operators[input.Operators.Count - 1].Method.ReturnType;
        }

        if (produced is null && !compilation.ClassifyConversion(inputs[0].Operators[0].Method.Parameters[0].Type, inputs[1].Operators[0].Method.Parameters[0].Type).IsIdentity)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, inputs[1].Type.Locations[0], pipeline.Name, $"takes inputs '{inputs[0].Type.Name}' and '{inputs[1].Type.Name}', which must start from the same record type"));
            return null;
        }

        if (!compilation.ClassifyConversion(keys[0], keys[1]).IsIdentity
            || (join.KeyType is not null && TypeNames.Qualified(keys[0]) != join.KeyType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, joinLocation, pipeline.Name, $"needs one key type, but '{inputs[0].Type.Name}' keys by '{TypeNames.Display(keys[0])}', '{inputs[1].Type.Name}' by '{TypeNames.Display(keys[1])}'{(join.KeyType is null ? string.Empty : " and the join's window by its TKey")}"));
            return null;
        }

        string left = TypeNames.Qualified(records[0]), right = TypeNames.Qualified(records[1]);
        int leftIndex = left == join.LeftType && right == join.RightType ? 0 : right == join.LeftType && left == join.RightType ? 1 : -1;
        if (leftIndex < 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, joinLocation, pipeline.Name,
                $"'{join.MethodName}' joins left records of another type than its inputs produce ('{TypeNames.Display(records[0])}' from '{inputs[0].Type.Name}', '{TypeNames.Display(records[1])}' from '{inputs[1].Type.Name}')"));
            return null;
        }

        var models = new List<JoinInputModel>
        {
            new(inputs[leftIndex].Type.Name, inputs[leftIndex].Models.ToEquatableArray(), IsLeft: true),
            new(inputs[1 - leftIndex].Type.Name, inputs[1 - leftIndex].Models.ToEquatableArray(), IsLeft: false),
        };
        return (models, join with { KeyType = TypeNames.Qualified(keys[0]) });
    }
}
