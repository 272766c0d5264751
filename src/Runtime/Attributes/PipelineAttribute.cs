namespace CompiledFlow;

/// <summary>
/// Marks a <c>static partial</c> class whose operator methods form a pipeline. The CompiledFlow
/// generator chains the operators in declaration order and emits <c>Run</c>, <c>Process</c>,
/// <c>CreateJob</c> and the file formats of the input and output records.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PipelineAttribute : Attribute
{
}
