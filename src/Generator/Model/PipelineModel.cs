namespace CompiledFlow.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one pipeline, as strings and equatable values: no
/// symbol, syntax node, compilation or location, so an edit elsewhere leaves it equal and the
/// generated source cached. Must stay equatable.
/// </summary>
/// <param name="Namespace">The pipeline's namespace, empty for the global namespace.</param>
/// <param name="ContainingTypes">Declarations of the types the pipeline is nested in, outermost first (e.g. "partial class Outer").</param>
/// <param name="ClassName">The pipeline class's name.</param>
/// <param name="FullName">The name used in errors and hint names, e.g. "Demo.Outer.HotAuctions".</param>
/// <param name="MemberAccessibility">"public", "internal" or "private": the widest the record types allow.</param>
/// <param name="InputType">Fully qualified type of the records the first operator takes.</param>
/// <param name="OutputType">Fully qualified type of the records the last operator produces.</param>
/// <param name="Operators">The operators in chain order.</param>
/// <param name="InputMapping">How input records map to file columns, or null when they cannot.</param>
/// <param name="OutputMapping">How output records map to file columns, or null when they cannot.</param>
/// <param name="JoinInputs">For a join pipeline: its left and right input chains, in that order; otherwise empty.</param>
internal sealed record PipelineModel(
    string Namespace,
    EquatableArray<string> ContainingTypes,
    string ClassName,
    string FullName,
    string MemberAccessibility,
    string InputType,
    string OutputType,
    EquatableArray<OperatorModel> Operators,
    RecordMapping? InputMapping,
    RecordMapping? OutputMapping,
    EquatableArray<JoinInputModel> JoinInputs);

/// <summary>One input of a join: a nested [JoinInput] class's operators, ending with its [KeyBy]. Must stay equatable.</summary>
/// <param name="Name">The nested class's name.</param>
/// <param name="Operators">The operators in chain order; the last is the [KeyBy].</param>
/// <param name="IsLeft">True for the join's left input.</param>
internal sealed record JoinInputModel(string Name, EquatableArray<OperatorModel> Operators, bool IsLeft);
