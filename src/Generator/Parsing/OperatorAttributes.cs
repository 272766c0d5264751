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
        ("CompiledFlow.EventTimeAttribute", OperatorKind.EventTime),
        ("CompiledFlow.KeyByAttribute", OperatorKind.KeyBy),
        ("CompiledFlow.AggregateAttribute", OperatorKind.Aggregate),
        ("CompiledFlow.ProcessAttribute", OperatorKind.Process),
        ("CompiledFlow.CoGroupAttribute", OperatorKind.CoGroup),
        ("CompiledFlow.IntervalJoinAttribute", OperatorKind.IntervalJoin),
    ];

    public const string JoinInput = "CompiledFlow.JoinInputAttribute";

    /// <summary>The window attributes, which qualify an [Aggregate].</summary>
    public static readonly IReadOnlyList<(string MetadataName, WindowKind Kind)> Windows =
    [
        ("CompiledFlow.TumblingWindowAttribute", WindowKind.Tumbling),
        ("CompiledFlow.SlidingWindowAttribute", WindowKind.Sliding),
        ("CompiledFlow.SessionWindowAttribute", WindowKind.Session),
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

    /// <summary>The window attributes on a method, in attribute order.</summary>
    public static List<(AttributeData Attribute, WindowKind Kind)> WindowsOf(ISymbol method)
    {
        var windows = new List<(AttributeData, WindowKind)>();
        foreach (AttributeData attribute in method.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            foreach ((string metadataName, WindowKind kind) in Windows)
            {
                if (name == metadataName)
                {
                    windows.Add((attribute, kind));
                }
            }
        }

        return windows;
    }

    /// <summary>The value of a named argument such as <c>SizeMs = 10_000</c>, or null when it is not set.</summary>
    public static object? NamedArgument(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value.Value;
            }
        }

        return null;
    }

    public static bool IsJoinInput(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == JoinInput)
            {
                return true;
            }
        }

        return false;
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
