using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CompiledFlow.Generator.Model;

/// <summary>
/// Where a diagnostic points, as plain values: a <see cref="Location"/> holds a syntax tree, which
/// must not live in the incremental pipeline. Must stay equatable.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo From(Location location) =>
        new(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A diagnostic to report, kept as values so it can travel through the pipeline. Must stay equatable.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] messageArgs) =>
        new(descriptor, LocationInfo.From(location), messageArgs.ToEquatableArray());

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location.ToLocation(), System.Linq.Enumerable.ToArray<object>(MessageArgs));
}
