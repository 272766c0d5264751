using System.Collections.Generic;
using System.Linq;
using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Checks a [Process]: its <c>ref KeyedContext&lt;TKey, TState, TOut&gt;</c> parameter, a struct
/// state, and the timer method its OnTimer names. The key type is checked against the [KeyBy]
/// before it by the pipeline parser.
/// </summary>
internal static class ProcessParser
{
    public static OperatorModel? Parse(OperatorModel model, IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        IParameterSymbol context = method.Parameters[1];
        INamedTypeSymbol? contextType = context.Type as INamedTypeSymbol;
        bool isContext = contextType is { IsGenericType: true }
            && contextType.ConstructedFrom.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::CompiledFlow.KeyedContext<TKey, TState, TOut>";
        string? problem = !isContext ? $"takes '{TypeNames.Display(context.Type)}' as its second parameter instead of 'ref KeyedContext<TKey, TState, TOut>'"
            : context.RefKind != RefKind.Ref ? "takes its KeyedContext without 'ref'"
            : !method.ReturnsVoid ? $"returns '{TypeNames.Display(method.ReturnType)}'"
            : contextType!.TypeArguments[1] is { IsValueType: false } or { IsRefLikeType: true } ? $"keeps state of type '{TypeNames.Display(contextType.TypeArguments[1])}', which is not a struct"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProcessSignature, location, method.Name, problem));
            return null;
        }

        if (contextType!.TypeArguments.Any(TypeNames.HasErrors))
        {
            return null;
        }

        string? timer = null;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "CompiledFlow.ProcessAttribute" && OperatorAttributes.NamedArgument(attribute, "OnTimer") is string name && name.Length > 0)
            {
                timer = name;
            }
        }

        if (timer is not null && !TimerFits(method, contextType, timer, location, diagnostics))
        {
            return null;
        }

        return model with
        {
            OutputType = TypeNames.Qualified(contextType.TypeArguments[2]),
            KeyType = TypeNames.Qualified(contextType.TypeArguments[0]),
            StateType = TypeNames.Qualified(contextType.TypeArguments[1]),
            TimerMethod = timer,
        };
    }

    private static bool TimerFits(IMethodSymbol method, INamedTypeSymbol contextType, string name, Location location, List<DiagnosticInfo> diagnostics)
    {
        IMethodSymbol[] candidates = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
        bool fits = candidates.Any(m => m.IsStatic && m.ReturnsVoid && !m.IsGenericMethod && m.Parameters.Length == 1
            && m.Parameters[0].RefKind == RefKind.Ref
            && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, contextType));
        if (!fits)
        {
            string problem = candidates.Length == 0 ? $"names the timer method '{name}', which is not a method of the pipeline" : $"names the timer method '{name}', whose signature does not fit";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TimerMethod, location, method.Name, problem, TypeNames.Display(contextType)));
        }

        return fits;
    }
}
