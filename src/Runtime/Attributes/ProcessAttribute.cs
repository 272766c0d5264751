namespace CompiledFlow;

/// <summary>
/// A keyed process function, like Flink's KeyedProcessFunction:
/// <c>static void P(in T x, ref KeyedContext&lt;TKey, TState, TOut&gt; context)</c> right after a
/// <c>[KeyBy]</c>. It reads and writes the key's struct state, emits any number of records and
/// sets event-time timers, which call the method named by <see cref="OnTimer"/>:
/// <c>static void T(ref KeyedContext&lt;TKey, TState, TOut&gt; context)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ProcessAttribute : Attribute
{
    /// <summary>The name of the pipeline's method called when a timer fires (use <c>nameof</c>); none by default.</summary>
    public string? OnTimer { get; set; }
}
