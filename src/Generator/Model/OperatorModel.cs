namespace CompiledFlow.Generator.Model;

internal enum OperatorKind
{
    Map,
    Filter,
    FlatMap,
}

/// <summary>One operator method of a pipeline. Must stay equatable.</summary>
/// <param name="Kind">What the operator does.</param>
/// <param name="MethodName">The user's static method.</param>
/// <param name="InputType">Fully qualified input record type.</param>
/// <param name="OutputType">Fully qualified output record type (the input type for a filter).</param>
/// <param name="PassesInputByIn">True when the input parameter is declared <c>in</c> (or <c>ref readonly</c>).</param>
internal sealed record OperatorModel(
    OperatorKind Kind,
    string MethodName,
    string InputType,
    string OutputType,
    bool PassesInputByIn);
