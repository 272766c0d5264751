using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Planning;

/// <summary>
/// How a run of stateless operators fuses into one loop body: each step reads the record in one
/// local and, for maps and flat maps, writes the next. A flat map opens a nested loop over what it
/// emitted, so the steps after it run one level deeper. Must stay equatable.
/// </summary>
/// <param name="InputVariable">The local holding the record the chain starts from.</param>
/// <param name="Steps">The operators in order.</param>
/// <param name="OutputVariable">The local holding the record the chain ends with.</param>
internal sealed record ChainPlan(string InputVariable, EquatableArray<ChainStep> Steps, string OutputVariable);

/// <param name="Operator">The operator this step calls.</param>
/// <param name="Input">The local holding the step's input record.</param>
/// <param name="Output">The local the step's output goes to (the input, for a filter or event time).</param>
/// <param name="Emitter">For a flat map, the local holding its emitter; otherwise null.</param>
internal sealed record ChainStep(OperatorModel Operator, string Input, string Output, string? Emitter);
