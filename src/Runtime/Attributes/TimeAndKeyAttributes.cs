namespace CompiledFlow;

/// <summary>
/// Gives records their event timestamp, in milliseconds since the epoch:
/// <c>static long T(in T x)</c>. The watermark follows Flink's bounded out-of-orderness strategy:
/// the largest timestamp seen minus <see cref="MaxOutOfOrdernessMs"/> minus one. Must come before
/// the first <c>[KeyBy]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class EventTimeAttribute : Attribute
{
    /// <summary>How far behind the newest record a record may arrive and still be on time.</summary>
    public long MaxOutOfOrdernessMs { get; set; }

    /// <summary>
    /// How long a source split may produce nothing before it is marked idle, so that the other
    /// splits' watermarks alone drive the windows until it produces again (Flink's withIdleness);
    /// 0 (the default) never marks a split idle.
    /// </summary>
    public long IdleTimeoutMs { get; set; }

    /// <summary>
    /// How far (ms) a source split's watermark may run ahead of the slowest split's before the split
    /// pauses until that one catches up (Flink's watermark alignment); 0 (the default) never pauses.
    /// Keeps the keyed stages, whose watermark is the slowest split's, from holding the state of every
    /// key a faster split has moved on from. A split that ended or is idle does not hold the others back.
    /// </summary>
    public long MaxWatermarkDriftMs { get; set; }
}

/// <summary>
/// Partitions records by key: <c>static TKey K(in T x)</c>. Ends a fused stage: records with the
/// same key meet in the same parallel subtask, where the keyed operator that follows keeps their state.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class KeyByAttribute : Attribute
{
    /// <summary>
    /// Keys records within the task that made them instead of routing them across subtasks: each
    /// source split (or subtask of the stage before) keeps its own state per key and its own
    /// watermark, and its records never cross an exchange. This is the local half of Flink's
    /// local-global aggregation: a later <c>[KeyBy]</c> merges the partial results of a key.
    /// Not allowed on a join input, whose two sides must meet.
    /// </summary>
    public bool Local { get; set; }
}

/// <summary>
/// Folds the records of a window into an accumulator: <c>static void A(ref TAcc acc, in T x)</c>,
/// with a struct accumulator that starts as <c>default</c>. Needs a window attribute; the element
/// after it is <see cref="WindowResult{TKey, TAcc}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AggregateAttribute : Attribute
{
}
