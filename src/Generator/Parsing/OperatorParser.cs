using System.Collections.Generic;
using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Checks one operator method against the signature its kind requires and turns it into an
/// <see cref="OperatorModel"/>. Symbols stop here. Returns null when the method is not a valid
/// operator; the reason is added to the diagnostics (or, for types that did not bind, left to the compiler).
/// </summary>
internal static class OperatorParser
{
    public static OperatorModel? Parse(IMethodSymbol method, OperatorKind kind, List<DiagnosticInfo> diagnostics)
    {
        Location location = method.Locations[0];
        int before = diagnostics.Count;

        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OperatorNotStatic, location, method.Name));
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericOperator, location, method.Name));
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedOperatorShape, location, method.Name, "it returns by reference; return the record by value"));
        }

        int expectedParameters = kind is OperatorKind.FlatMap or OperatorKind.Aggregate or OperatorKind.Process or OperatorKind.CoGroup or OperatorKind.IntervalJoin ? 2 : 1;
        if (method.Parameters.Length != expectedParameters)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.WrongParameterCount, location, kind.ToString(), method.Name, method.Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), SignatureOf(kind, method.Name)));
            return null;
        }

        // An aggregate's first parameter is its accumulator; every other operator starts with its input.
        IParameterSymbol input = method.Parameters[kind == OperatorKind.Aggregate ? 1 : 0];
        if (TypeNames.HasErrors(input.Type) || TypeNames.HasErrors(method.ReturnType))
        {
            return null; // the compiler reports the unknown type
        }

        bool passesByIn = input.RefKind is RefKind.In or RefKind.RefReadOnlyParameter;
        if (input.RefKind is RefKind.Ref or RefKind.Out || input.IsParams)
        {
            string modifier = input.IsParams ? "params" : input.RefKind == RefKind.Ref ? "ref" : "out";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterModifier, input.Locations[0], input.Name, method.Name, modifier, TypeNames.Display(input.Type)));
        }

        if ((input.Type.IsRefLikeType && kind != OperatorKind.CoGroup) || input.Type.TypeKind == TypeKind.Pointer)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedOperatorShape, location, method.Name, $"its input '{TypeNames.Display(input.Type)}' is a ref struct or pointer; records must be able to live in arrays"));
        }

        var model = new OperatorModel(kind, method.Name, TypeNames.Qualified(input.Type), TypeNames.Qualified(input.Type), passesByIn);
        OperatorModel? parsed = kind switch
        {
            OperatorKind.Map => WithOutput(model, ParseMapOutput(method, location, diagnostics)),
            OperatorKind.Filter => WithOutput(model, ParseFilterOutput(method, input, location, diagnostics)),
            OperatorKind.FlatMap => WithOutput(model, ParseFlatMapOutput(method, location, diagnostics)),
            OperatorKind.EventTime => TimeAndKeyParser.ParseEventTime(model, method, location, diagnostics),
            OperatorKind.KeyBy => TimeAndKeyParser.ParseKeyBy(model, method, location, diagnostics),
            OperatorKind.Aggregate => AggregateParser.Parse(model, method, location, diagnostics),
            OperatorKind.Process => ProcessParser.Parse(model, method, location, diagnostics),
            _ => JoinParser.Parse(model, method, location, diagnostics),
        };

        return parsed is null || diagnostics.Count > before ? null : parsed;
    }

    private static OperatorModel? WithOutput(OperatorModel model, ITypeSymbol? output) =>
        output is null ? null : model with { OutputType = TypeNames.Qualified(output) };

    /// <summary>The expected declaration of an operator kind, for messages.</summary>
    public static string SignatureOf(OperatorKind kind, string name) => kind switch
    {
        OperatorKind.Map => $"static TOut {name}(in TIn x)",
        OperatorKind.Filter => $"static bool {name}(in T x)",
        OperatorKind.FlatMap => $"static void {name}(in TIn x, ref Emitter<TOut> output)",
        OperatorKind.EventTime => $"static long {name}(in T x)",
        OperatorKind.KeyBy => $"static TKey {name}(in T x)",
        OperatorKind.Process => $"static void {name}(in T x, ref KeyedContext<TKey, TState, TOut> context)",
        OperatorKind.CoGroup => $"static void {name}(in JoinWindow<TKey, TLeft, TRight> window, ref Emitter<TOut> output)",
        OperatorKind.IntervalJoin => $"static TOut {name}(in TLeft left, in TRight right)",
        _ => $"static void {name}(ref TAcc acc, in T x)",
    };

    private static ITypeSymbol? ParseMapOutput(IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        if (method.ReturnsVoid)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MapMustReturnValue, location, method.Name));
            return null;
        }

        if (method.ReturnType.IsRefLikeType || method.ReturnType.TypeKind == TypeKind.Pointer)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedOperatorShape, location, method.Name, $"its output '{TypeNames.Display(method.ReturnType)}' is a ref struct or pointer; records must be able to live in arrays"));
            return null;
        }

        return method.ReturnType;
    }

    private static ITypeSymbol? ParseFilterOutput(IMethodSymbol method, IParameterSymbol input, Location location, List<DiagnosticInfo> diagnostics)
    {
        if (method.ReturnType.SpecialType != SpecialType.System_Boolean)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FilterMustReturnBool, location, method.Name, TypeNames.Display(method.ReturnType)));
            return null;
        }

        return input.Type;
    }

    private static ITypeSymbol? ParseFlatMapOutput(IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        IParameterSymbol emitter = method.Parameters[1];
        string? problem = null;
        if (emitter.Type is not INamedTypeSymbol { IsGenericType: true } named
            || named.ConstructedFrom.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != "global::CompiledFlow.Emitter<T>")
        {
            problem = $"takes '{TypeNames.Display(emitter.Type)}' as its second parameter instead of 'ref Emitter<TOut>'";
        }
        else if (emitter.RefKind != RefKind.Ref)
        {
            problem = "takes its Emitter<TOut> without 'ref'";
        }
        else if (!method.ReturnsVoid)
        {
            problem = $"returns '{TypeNames.Display(method.ReturnType)}'";
        }

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FlatMapSignature, location, method.Name, problem));
            return null;
        }

        ITypeSymbol output = ((INamedTypeSymbol)emitter.Type).TypeArguments[0];
        if (TypeNames.HasErrors(output))
        {
            return null;
        }

        return output;
    }
}
