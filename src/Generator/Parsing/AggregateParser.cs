using System.Collections.Generic;
using System.Linq;
using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Checks an [Aggregate]: its accumulator parameter, its one window and the window's parameters,
/// and for a session window the method that merges accumulators. The output type is settled by
/// the pipeline parser, which knows the key: <c>WindowResult&lt;TKey, TAcc&gt;</c>.
/// </summary>
internal static class AggregateParser
{
    public static OperatorModel? Parse(OperatorModel model, IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        IParameterSymbol accumulator = method.Parameters[0];
        string? problem = accumulator.RefKind != RefKind.Ref ? $"takes its accumulator '{accumulator.Name}' without 'ref'"
            : !method.ReturnsVoid ? $"returns '{TypeNames.Display(method.ReturnType)}'"
            : accumulator.Type.TypeKind == TypeKind.Error ? null
            : !accumulator.Type.IsValueType || accumulator.Type.IsRefLikeType ? $"accumulates into '{TypeNames.Display(accumulator.Type)}', which is not a struct"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AggregateSignature, location, method.Name, problem));
            return null;
        }

        if (TypeNames.HasErrors(accumulator.Type))
        {
            return null;
        }

        WindowModel? window = ParseWindow(method, accumulator.Type, location, diagnostics);
        return window is null
            ? null
            : model with { AccumulatorType = TypeNames.Qualified(accumulator.Type), OutputType = TypeNames.Qualified(accumulator.Type), Window = window };
    }

    /// <summary>Reads the method's one window; <paramref name="accumulator"/> is needed for a session window's merge method.</summary>
    public static WindowModel? ParseWindow(IMethodSymbol method, ITypeSymbol? accumulator, Location location, List<DiagnosticInfo> diagnostics)
    {
        List<(AttributeData Attribute, WindowKind Kind)> windows = OperatorAttributes.WindowsOf(method);
        if (windows.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AggregateWithoutWindow, location, OperatorAttributes.KindsOf(method)[0].ToString(), method.Name));
            return null;
        }

        if (windows.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MultipleWindows, location, OperatorAttributes.KindsOf(method)[0].ToString(), method.Name, Name(windows[0].Kind), Name(windows[1].Kind)));
            return null;
        }

        (AttributeData attribute, WindowKind kind) = windows[0];
        long size = Long(attribute, "SizeMs"), slide = Long(attribute, "SlideMs"), gap = Long(attribute, "GapMs"), lateness = Long(attribute, "AllowedLatenessMs");
        string? invalid = kind switch
        {
            WindowKind.Tumbling when size <= 0 => $"SizeMs must be positive (is {size})",
            WindowKind.Sliding when size <= 0 => $"SizeMs must be positive (is {size})",
            WindowKind.Sliding when slide <= 0 || slide > size => $"SlideMs must be positive and at most SizeMs (is {slide}, SizeMs is {size})",
            WindowKind.Session when gap <= 0 => $"GapMs must be positive (is {gap})",
            _ when lateness < 0 => $"AllowedLatenessMs must not be negative (is {lateness})",
            _ => null,
        };
        if (invalid is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidWindowParameter, location, Name(kind), method.Name, invalid));
            return null;
        }

        string? merge = null;
        if (kind == WindowKind.Session && accumulator is not null)
        {
            merge = FindMerge(method, accumulator, attribute, location, diagnostics);
            if (merge is null)
            {
                return null;
            }
        }

        return new WindowModel(kind, size, slide, gap, lateness, merge);
    }

    /// <summary>The session window's merge method: named by Merge, static void M(ref TAcc into, in TAcc other).</summary>
    private static string? FindMerge(IMethodSymbol method, ITypeSymbol accumulator, AttributeData attribute, Location location, List<DiagnosticInfo> diagnostics)
    {
        string accumulatorName = TypeNames.Display(accumulator);
        if (OperatorAttributes.NamedArgument(attribute, "Merge") is not string name || name.Length == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SessionMergeMethod, location, method.Name, "names no merge method", accumulatorName));
            return null;
        }

        IMethodSymbol[] candidates = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
        bool fits = candidates.Any(m => m.IsStatic && m.ReturnsVoid && !m.IsGenericMethod && m.Parameters.Length == 2
            && m.Parameters[0].RefKind == RefKind.Ref
            && m.Parameters[1].RefKind is RefKind.None or RefKind.In or RefKind.RefReadOnlyParameter
            && m.Parameters.All(p => SymbolEqualityComparer.Default.Equals(p.Type, accumulator)));
        if (!fits)
        {
            string problem = candidates.Length == 0 ? $"names '{name}', which is not a method of the pipeline" : $"names '{name}', whose signature does not fit";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SessionMergeMethod, location, method.Name, problem, accumulatorName));
            return null;
        }

        return name;
    }

    private static long Long(AttributeData attribute, string name) => OperatorAttributes.NamedArgument(attribute, name) is long value ? value : 0;

    private static string Name(WindowKind kind) => kind + "Window";
}
