using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Planning;

/// <summary>
/// One fused stage. The source stage (index 0) runs the operators before the first [KeyBy] over
/// the source's records; each keyed stage starts with its keyed operator (a windowed aggregate)
/// and runs the stateless operators after it over the window results. A stage ends at the next
/// [KeyBy] (<see cref="Exit"/>), which keys its output for the next stage, or at the pipeline's end.
/// Must stay equatable.
/// </summary>
/// <param name="Index">0 for the source stage, then 1, 2, ...</param>
/// <param name="KeyType">For a keyed stage: the type of its key.</param>
/// <param name="InputType">What the stage takes: the source records, or the keyed records.</param>
/// <param name="KeyedOperator">For a keyed stage: its windowed [Aggregate].</param>
/// <param name="Chain">The stateless operators of the stage.</param>
/// <param name="Exit">The [KeyBy] that ends the stage, or null for the last stage.</param>
/// <param name="OutputType">What the stage emits: <c>Keyed&lt;TKey, T&gt;</c> before a [KeyBy], else the pipeline's output type.</param>
internal sealed record StagePlan(int Index, string? KeyType, string InputType, OperatorModel? KeyedOperator, ChainPlan Chain, OperatorModel? Exit, string OutputType)
{
    /// <summary>For the source stage of a join pipeline: the two join inputs, left first, which run after <see cref="Chain"/>.</summary>
    public EquatableArray<JoinInputPlan> JoinInputs { get; init; }

    public bool IsKeyed => KeyedOperator is not null;

    /// <summary>For a keyed stage: true when a [KeyBy(Local = true)] keys it, so each producer runs a subtask of its own.</summary>
    public bool IsLocal { get; init; }

    /// <summary>The name of the generated class of a keyed stage, e.g. "Stage1".</summary>
    public string ClassName => "Stage" + Index;
}

/// <summary>The stages of a pipeline in order. Must stay equatable.</summary>
internal sealed record PipelinePlan(EquatableArray<StagePlan> Stages, bool HasEventTime)
{
    /// <summary>True when the pipeline has keyed stages, so it runs as a job graph rather than one loop.</summary>
    public bool IsKeyed => Stages.Count > 1;
}

/// <summary>
/// One join input in the source stage: its stateless operators over the record the main chain
/// produced, then its [KeyBy], which wraps the record as the join's left or right input. Must stay equatable.
/// </summary>
/// <param name="JoinInputType">The type that carries a record of either side to the join, <c>JoinInput&lt;TLeft, TRight&gt;</c>.</param>
internal sealed record JoinInputPlan(string Name, ChainPlan Chain, OperatorModel KeyBy, bool IsLeft, string InputType, string JoinInputType)
{
    /// <summary>The generated method, in the [JoinInput] class, that runs this input over one record.</summary>
    public string MethodName => Name + ".ProcessJoinInput";
}
