using System.Linq;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>How types become strings in the model: fully qualified, so generated code means the same anywhere.</summary>
internal static class TypeNames
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat Short = SymbolDisplayFormat.MinimallyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>e.g. "global::Demo.Bid", "(long Auction, long End)".</summary>
    public static string Qualified(ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>e.g. "Bid": for messages.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(Short);

    /// <summary>True when the type or anything in it failed to bind, so the compiler already reports it.</summary>
    public static bool HasErrors(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        INamedTypeSymbol named => named.TypeArguments.Any(HasErrors),
        IArrayTypeSymbol array => HasErrors(array.ElementType),
        _ => false,
    };
}
