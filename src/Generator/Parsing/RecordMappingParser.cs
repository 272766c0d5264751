using System;
using System.Collections.Generic;
using System.Linq;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Decides at compile time how a record type maps to file columns, so file sources and sinks need
/// no reflection. In order of preference: a scalar (one column "Value"); a value tuple (its
/// elements); a type with a public constructor whose parameters all match readable members (a
/// positional record); a type with a public parameterless constructor and settable members.
/// Every column must be a scalar the readers know; otherwise the type gets no file format (null).
/// </summary>
internal static class RecordMappingParser
{
    private const int MaxFields = 64; // the JSON reader tracks seen properties in one long

    public static RecordMapping? TryMap(ITypeSymbol type)
    {
        string typeName = TypeNames.Qualified(type);
        if (ScalarOf(type) is { } scalar)
        {
            return new RecordMapping(typeName, RecordConstruction.Scalar, new[] { new FieldMapping("Value", typeName, scalar, AllowsNull(type)) }.ToEquatableArray());
        }

        if (type is not INamedTypeSymbol named || type.IsAbstract || named.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return null;
        }

        if (named.IsTupleType)
        {
            return Build(typeName, RecordConstruction.Tuple, named.TupleElements.Select(e => (e.Name, e.Type)));
        }

        List<(string Name, ITypeSymbol Type)> readable = ReadableMembers(named);
        IMethodSymbol? constructor = named.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && c.Parameters.Length > 0)
            .Where(c => c.Parameters.All(p => readable.Any(m => Matches(m, p))))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is not null)
        {
            return Build(typeName, RecordConstruction.Constructor, constructor.Parameters.Select(p => readable.First(m => Matches(m, p))));
        }

        bool hasParameterlessConstructor = named.TypeKind == TypeKind.Struct
            || named.InstanceConstructors.Any(c => c.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && c.Parameters.Length == 0);
        List<(string Name, ITypeSymbol Type)> settable = SettableMembers(named);
        if (!hasParameterlessConstructor || settable.Count == 0)
        {
            return null;
        }

        return Build(typeName, RecordConstruction.ObjectInitializer, settable);
    }

    private static RecordMapping? Build(string typeName, RecordConstruction construction, IEnumerable<(string Name, ITypeSymbol Type)> members)
    {
        var fields = new List<FieldMapping>();
        foreach ((string name, ITypeSymbol type) in members)
        {
            if (ScalarOf(type) is not { } scalar)
            {
                return null;
            }

            fields.Add(new FieldMapping(name, TypeNames.Qualified(type), scalar, AllowsNull(type)));
        }

        return fields.Count is 0 or > MaxFields ? null : new RecordMapping(typeName, construction, fields.ToEquatableArray());
    }

    private static bool AllowsNull(ITypeSymbol type) =>
        type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated;

    private static bool Matches((string Name, ITypeSymbol Type) member, IParameterSymbol parameter) =>
        string.Equals(member.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
        && SymbolEqualityComparer.Default.Equals(member.Type, parameter.Type);

    /// <summary>Public instance properties and fields with a getter, base types first, in declaration order.</summary>
    private static List<(string, ITypeSymbol)> ReadableMembers(INamedTypeSymbol type) =>
        InstanceMembers(type)
            .Where(m => m is IFieldSymbol || m is IPropertySymbol { GetMethod: not null, IsIndexer: false })
            .Select(m => (m.Name, TypeOf(m)))
            .ToList();

    /// <summary>Public instance properties with a public setter or init, and public non-readonly fields.</summary>
    private static List<(string, ITypeSymbol)> SettableMembers(INamedTypeSymbol type) =>
        InstanceMembers(type)
            .Where(m => m is IFieldSymbol { IsReadOnly: false, IsConst: false }
                || m is IPropertySymbol { IsIndexer: false, GetMethod: not null, SetMethod.DeclaredAccessibility: Microsoft.CodeAnalysis.Accessibility.Public })
            .Select(m => (m.Name, TypeOf(m)))
            .ToList();

    private static IEnumerable<ISymbol> InstanceMembers(INamedTypeSymbol type)
    {
        var chain = new Stack<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            chain.Push(current);
        }

        foreach (INamedTypeSymbol current in chain)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (!member.IsStatic && member.CanBeReferencedByName && member.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public
                    && member is IFieldSymbol or IPropertySymbol)
                {
                    yield return member;
                }
            }
        }
    }

    private static ITypeSymbol TypeOf(ISymbol member) => member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;

    /// <summary>The reader/writer method suffix for a column type, or null when the readers do not know it.</summary>
    private static string? ScalarOf(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return "Enum";
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "Boolean";
            case SpecialType.System_Byte: return "Byte";
            case SpecialType.System_SByte: return "SByte";
            case SpecialType.System_Int16: return "Int16";
            case SpecialType.System_UInt16: return "UInt16";
            case SpecialType.System_Int32: return "Int32";
            case SpecialType.System_UInt32: return "UInt32";
            case SpecialType.System_Int64: return "Int64";
            case SpecialType.System_UInt64: return "UInt64";
            case SpecialType.System_Single: return "Single";
            case SpecialType.System_Double: return "Double";
            case SpecialType.System_Decimal: return "Decimal";
            case SpecialType.System_Char: return "Char";
            case SpecialType.System_String: return "String";
            case SpecialType.System_DateTime: return "DateTime";
        }

        string name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return name switch
        {
            "global::System.DateTimeOffset" => "DateTimeOffset",
            "global::System.Guid" => "Guid",
            _ => null,
        };
    }
}
