namespace CompiledFlow;

/// <summary>
/// Receives the records a fused chain produces. Generated <c>Process</c> methods are generic over
/// a struct collector, so the JIT specializes them and <see cref="Collect"/> is a direct,
/// inlinable call: no interface dispatch per record.
/// </summary>
public interface ICollector<T>
{
    /// <summary>Receives one output record.</summary>
    void Collect(in T item);
}
