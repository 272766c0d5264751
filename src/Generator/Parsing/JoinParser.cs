using System.Collections.Generic;
using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Checks the signature of a join method: a [CoGroup] over a window, or an [IntervalJoin] with
/// its bounds. Whether the two [JoinInput] chains fit it is checked by <see cref="JoinInputParser"/>.
/// </summary>
internal static class JoinParser
{
    public static OperatorModel? Parse(OperatorModel model, IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics) =>
        model.Kind == OperatorKind.CoGroup ? ParseCoGroup(model, method, location, diagnostics) : ParseIntervalJoin(model, method, location, diagnostics);

    private static OperatorModel? ParseCoGroup(OperatorModel model, IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        IParameterSymbol window = method.Parameters[0], output = method.Parameters[1];
        INamedTypeSymbol? windowType = window.Type as INamedTypeSymbol;
        string? problem = !IsConstructedFrom(windowType, "global::CompiledFlow.JoinWindow<TKey, TLeft, TRight>") ? $"takes '{TypeNames.Display(window.Type)}' as its first parameter instead of 'in JoinWindow<TKey, TLeft, TRight>'"
            : window.RefKind is RefKind.Ref or RefKind.Out ? "takes its JoinWindow by 'ref' or 'out'"
            : !IsConstructedFrom(output.Type as INamedTypeSymbol, "global::CompiledFlow.Emitter<T>") || output.RefKind != RefKind.Ref ? "does not take 'ref Emitter<TOut>' as its second parameter"
            : !method.ReturnsVoid ? $"returns '{TypeNames.Display(method.ReturnType)}'"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinSignature, location, "CoGroup", method.Name, problem, OperatorParser.SignatureOf(OperatorKind.CoGroup, method.Name)));
            return null;
        }

        WindowModel? windowModel = AggregateParser.ParseWindow(method, null, location, diagnostics);
        if (windowModel is null)
        {
            return null;
        }

        if (windowModel.Kind == WindowKind.Session)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidWindowParameter, location, "SessionWindow", method.Name, "a [CoGroup] works over tumbling or sliding windows"));
            return null;
        }

        ITypeSymbol key = windowType!.TypeArguments[0], left = windowType.TypeArguments[1], right = windowType.TypeArguments[2];
        ITypeSymbol result = ((INamedTypeSymbol)output.Type).TypeArguments[0];
        return With(model, key, left, right, result) with { Window = windowModel };
    }

    private static OperatorModel? ParseIntervalJoin(OperatorModel model, IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        IParameterSymbol left = method.Parameters[0], right = method.Parameters[1];
        string? problem = method.ReturnsVoid ? "returns void"
            : left.RefKind is RefKind.Ref or RefKind.Out || right.RefKind is RefKind.Ref or RefKind.Out ? "takes a record by 'ref' or 'out'"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinSignature, location, "IntervalJoin", method.Name, problem, OperatorParser.SignatureOf(OperatorKind.IntervalJoin, method.Name)));
            return null;
        }

        long lower = 0, upper = 0;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "CompiledFlow.IntervalJoinAttribute")
            {
                lower = OperatorAttributes.NamedArgument(attribute, "LowerMs") is long l ? l : 0;
                upper = OperatorAttributes.NamedArgument(attribute, "UpperMs") is long u ? u : 0;
            }
        }

        if (lower > upper)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidWindowParameter, location, "IntervalJoin", method.Name, $"LowerMs must not be above UpperMs (is {lower}, UpperMs is {upper})"));
            return null;
        }

        return With(model, null, left.Type, right.Type, method.ReturnType) with { LowerMs = lower, UpperMs = upper };
    }

    private static OperatorModel With(OperatorModel model, ITypeSymbol? key, ITypeSymbol left, ITypeSymbol right, ITypeSymbol result) => model with
    {
        KeyType = key is null ? null : TypeNames.Qualified(key),
        LeftType = TypeNames.Qualified(left),
        RightType = TypeNames.Qualified(right),
        InputType = $"global::CompiledFlow.JoinInput<{TypeNames.Qualified(left)}, {TypeNames.Qualified(right)}>",
        OutputType = TypeNames.Qualified(result),
    };

    private static bool IsConstructedFrom(INamedTypeSymbol? type, string definition) =>
        type is { IsGenericType: true } && type.ConstructedFrom.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == definition;
}
