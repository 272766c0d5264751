namespace CompiledFlow;

/// <summary>
/// Marks a nested <c>static partial class</c> of a pipeline as one input of its join: a chain of
/// operators that starts from the records of the pipeline's chain before the join and ends with a
/// <c>[KeyBy]</c>. A join pipeline has two; the join method's parameter types say which is left.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JoinInputAttribute : Attribute
{
}

/// <summary>
/// A keyed window co-group of the two join inputs (Flink's CoGroupedStreams over event-time
/// windows): with a window attribute, <c>static void G(in JoinWindow&lt;TKey, TLeft, TRight&gt; window, ref Emitter&lt;TOut&gt; output)</c>
/// is called once per key and window with every left and right record of it; emitting each
/// (left, right) pair makes it an inner window join.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CoGroupAttribute : Attribute
{
}

/// <summary>
/// An interval join of the two join inputs (Flink's intervalJoin): <c>static TOut J(in TLeft left, in TRight right)</c>
/// is called for every pair of the same key whose right time lies in
/// [left time + <see cref="LowerMs"/>, left time + <see cref="UpperMs"/>], bounds included.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IntervalJoinAttribute : Attribute
{
    /// <summary>The earliest right time, relative to the left time (may be negative).</summary>
    public long LowerMs { get; set; }

    /// <summary>The latest right time, relative to the left time.</summary>
    public long UpperMs { get; set; }
}
