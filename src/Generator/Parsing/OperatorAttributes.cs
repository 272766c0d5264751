using System.Collections.Generic;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>The attributes that make a method an operator, by metadata name.</summary>
internal static class OperatorAttributes
{
    public const string Pipeline = "CompiledFlow.PipelineAttribute";

    public static readonly IReadOnlyList<(string MetadataName, OperatorKind Kind)> All =
    [
        ("CompiledFlow.MapAttribute", OperatorKind.Map),
        ("CompiledFlow.FilterAttribute", OperatorKind.Filter),
        ("CompiledFlow.FlatMapAttribute", OperatorKind.FlatMap),
    ];

    /// <summary>The operator kinds a method is marked with, in attribute order.</summary>
    public static List<OperatorKind> KindsOf(ISymbol method)
    {
        var kinds = new List<OperatorKind>();
        foreach (AttributeData attribute in method.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            foreach ((string metadataName, OperatorKind kind) in All)
            {
                if (name == metadataName)
                {
                    kinds.Add(kind);
                }
            }
        }

        return kinds;
    }

    public static bool IsPipeline(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == Pipeline)
            {
                return true;
            }
        }

        return false;
    }
}
