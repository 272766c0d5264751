using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Planning;

/// <summary>
/// How a chain of operators fuses into one loop: each step reads the record in one local and,
/// for maps and flat maps, writes the next. A flat map opens a nested loop over what it emitted,
/// so the steps after it run one level deeper. Must stay equatable.
/// </summary>
internal sealed record ChainPlan(string InputVariable, EquatableArray<ChainStep> Steps, string OutputVariable);

/// <param name="Operator">The operator this step calls.</param>
/// <param name="Input">The local holding the step's input record.</param>
/// <param name="Output">The local the step's output goes to (the input, for a filter).</param>
/// <param name="Emitter">For a flat map, the local holding its emitter; otherwise null.</param>
internal sealed record ChainStep(OperatorModel Operator, string Input, string Output, string? Emitter);
