namespace CompiledFlow;

/// <summary>One output record per input record: <c>static TOut M(in TIn x)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MapAttribute : Attribute
{
}

/// <summary>Keeps the records for which the method returns true: <c>static bool F(in T x)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FilterAttribute : Attribute
{
}

/// <summary>
/// Zero or more output records per input record:
/// <c>static void F(in TIn x, ref Emitter&lt;TOut&gt; output)</c>, calling <c>output.Emit(value)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FlatMapAttribute : Attribute
{
}
