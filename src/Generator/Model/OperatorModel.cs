namespace CompiledFlow.Generator.Model;

internal enum OperatorKind
{
    Map,
    Filter,
    FlatMap,
    EventTime,
    KeyBy,
    Aggregate,
    Process,
    CoGroup,
    IntervalJoin,
}

/// <summary>One operator method of a pipeline. Must stay equatable.</summary>
/// <param name="Kind">What the operator does.</param>
/// <param name="MethodName">The user's static method.</param>
/// <param name="InputType">Fully qualified input record type.</param>
/// <param name="OutputType">Fully qualified output record type (the input type for a filter, event time or key).</param>
/// <param name="PassesInputByIn">True when the input parameter is declared <c>in</c> (or <c>ref readonly</c>).</param>
internal sealed record OperatorModel(
    OperatorKind Kind,
    string MethodName,
    string InputType,
    string OutputType,
    bool PassesInputByIn)
{
    /// <summary>For [EventTime]: how far behind the newest record a record may be and still be on time.</summary>
    public long MaxOutOfOrdernessMs { get; init; }

    /// <summary>For [EventTime]: how long a source split may be silent before it is marked idle; 0 for never.</summary>
    public long IdleTimeoutMs { get; init; }

    /// <summary>For [EventTime]: how far a source split's watermark may run ahead of the slowest split's; 0 for no limit.</summary>
    public long MaxWatermarkDriftMs { get; init; }

    /// <summary>For [KeyBy]: the fully qualified key type.</summary>
    public string? KeyType { get; init; }

    /// <summary>For [KeyBy]: true for <c>Local = true</c>, which keys records within the task that made them.</summary>
    public bool IsLocal { get; init; }

    /// <summary>For [Aggregate]: the fully qualified accumulator type.</summary>
    public string? AccumulatorType { get; init; }

    /// <summary>For [Aggregate]: the window it aggregates over.</summary>
    public WindowModel? Window { get; init; }

    /// <summary>For [Process]: the fully qualified type of the per-key state.</summary>
    public string? StateType { get; init; }

    /// <summary>For [Process]: the user's method that handles timers, or null.</summary>
    public string? TimerMethod { get; init; }

    /// <summary>For a join: the fully qualified types of its left and right records.</summary>
    public string? LeftType { get; init; }

    /// <summary>For a join: see <see cref="LeftType"/>.</summary>
    public string? RightType { get; init; }

    /// <summary>For [IntervalJoin]: the right time's bounds relative to the left time, inclusive.</summary>
    public long LowerMs { get; init; }

    /// <summary>For [IntervalJoin]: see <see cref="LowerMs"/>.</summary>
    public long UpperMs { get; init; }

    /// <summary>True for the operators that join two inputs.</summary>
    public bool IsJoin => Kind is OperatorKind.CoGroup or OperatorKind.IntervalJoin;
}

internal enum WindowKind
{
    Tumbling,
    Sliding,
    Session,
}

/// <summary>An event-time window. Must stay equatable.</summary>
/// <param name="MergeMethod">For session windows: the user's method that merges two accumulators.</param>
internal sealed record WindowModel(WindowKind Kind, long SizeMs, long SlideMs, long GapMs, long AllowedLatenessMs, string? MergeMethod);
