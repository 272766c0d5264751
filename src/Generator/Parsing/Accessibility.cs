using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Chooses how visible the generated members can be: they mention the record types, so they may
/// be no more visible than the least visible of them (an internal record makes Run internal).
/// </summary>
internal static class Accessibility
{
    private enum Level
    {
        Private,
        Internal,
        Public,
    }

    public static string WidestFor(INamedTypeSymbol pipeline, params ITypeSymbol[] recordTypes)
    {
        Level level = Level.Public;
        foreach (ITypeSymbol type in recordTypes)
        {
            Level typeLevel = LevelOf(type, pipeline);
            if (typeLevel < level)
            {
                level = typeLevel;
            }
        }

        return level switch
        {
            Level.Public => "public",
            Level.Internal => "internal",
            _ => "private",
        };
    }

    private static Level LevelOf(ITypeSymbol type, INamedTypeSymbol pipeline)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return LevelOf(array.ElementType, pipeline);
            case ITypeParameterSymbol:
                return Level.Public;
            case INamedTypeSymbol named:
                Level level = Level.Public;
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    Level argumentLevel = LevelOf(argument, pipeline);
                    if (argumentLevel < level)
                    {
                        level = argumentLevel;
                    }
                }

                for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
                {
                    Level own = current.DeclaredAccessibility switch
                    {
                        Microsoft.CodeAnalysis.Accessibility.Public => Level.Public,
                        Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => Level.Internal,
                        _ => Level.Private,
                    };
                    if (own < level)
                    {
                        level = own;
                    }
                }

                return level;
            default:
                return Level.Public;
        }
    }
}
