namespace CompiledFlow;

/// <summary>
/// A fused chain of operators, implemented by the generator for each pipeline. The runtime calls
/// it once per batch (an interface call per batch, never per record); the implementation calls
/// the pipeline's generic <c>Process</c>, specialized for <see cref="OutputBuffer{T}"/>.
/// </summary>
public interface IOperatorChain<TIn, TOut>
{
    /// <summary>The pipeline's name, used in errors.</summary>
    string Name { get; }

    /// <summary>Runs every operator of the chain over <paramref name="batch"/>, writing into <paramref name="output"/>.</summary>
    void Process(ReadOnlySpan<TIn> batch, ref OutputBuffer<TOut> output);
}
