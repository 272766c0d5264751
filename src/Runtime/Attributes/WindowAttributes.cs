namespace CompiledFlow;

/// <summary>Common settings of the event-time windows.</summary>
public abstract class WindowAttribute : Attribute
{
    /// <summary>
    /// How long after a window fired its state is kept for late records (default 0): a record
    /// within it updates the window and fires it again; a record later than that goes to the
    /// late-data output.
    /// </summary>
    public long AllowedLatenessMs { get; set; }
}

/// <summary>Fixed, non-overlapping windows of <see cref="SizeMs"/>, aligned to the epoch.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TumblingWindowAttribute : WindowAttribute
{
    /// <summary>The window length in milliseconds.</summary>
    public long SizeMs { get; set; }
}

/// <summary>Windows of <see cref="SizeMs"/> starting every <see cref="SlideMs"/>, aligned to the epoch; a record belongs to each window that covers it.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SlidingWindowAttribute : WindowAttribute
{
    /// <summary>The window length in milliseconds.</summary>
    public long SizeMs { get; set; }

    /// <summary>The distance between window starts in milliseconds.</summary>
    public long SlideMs { get; set; }
}

/// <summary>
/// Per-key sessions: a session ends after <see cref="GapMs"/> without records. Sessions that a
/// record bridges merge, so their accumulators are combined by the method named in
/// <see cref="Merge"/>: <c>static void M(ref TAcc into, in TAcc other)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SessionWindowAttribute : WindowAttribute
{
    /// <summary>The inactivity gap that closes a session, in milliseconds.</summary>
    public long GapMs { get; set; }

    /// <summary>The name of the pipeline's method that merges two accumulators (use <c>nameof</c>).</summary>
    public string? Merge { get; set; }
}
