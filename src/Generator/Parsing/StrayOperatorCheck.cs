using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>Reports an operator attribute on a method whose class is not a [Pipeline]: it would silently do nothing.</summary>
internal static class StrayOperatorCheck
{
    public static EquatableArray<DiagnosticInfo> Check(GeneratorAttributeSyntaxContext context, OperatorKind kind)
    {
        if (context.TargetSymbol is not IMethodSymbol { ContainingType: { } type } method
            || OperatorAttributes.IsPipeline(type)
            || (OperatorAttributes.IsJoinInput(type) && type.ContainingType is { } pipeline && OperatorAttributes.IsPipeline(pipeline)))
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        return new[]
        {
            DiagnosticInfo.Create(DiagnosticDescriptors.OperatorOutsidePipeline, method.Locations[0], kind.ToString(), method.Name, type.Name),
        }.ToEquatableArray();
    }
}
