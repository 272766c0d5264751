using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// Event-time arithmetic shared by the window operators, with Flink's definitions: a window
/// <c>[Start, End)</c> has the maximum timestamp <c>End - 1</c>; it fires when the watermark
/// reaches that, and its state is purged (and records for it are late) when the watermark
/// reaches its cleanup time <c>End - 1 + allowedLateness</c>, saturated at <see cref="long.MaxValue"/>.
/// Timestamps are milliseconds since the epoch and may be negative; window arithmetic assumes
/// that <c>timestamp ± size</c> does not overflow a <see cref="long"/>.
/// </summary>
public static class WindowTime
{
    /// <summary>
    /// The start of the window of length <paramref name="slide"/> aligned to the epoch (offset 0)
    /// that contains <paramref name="timestamp"/>; correct for negative timestamps
    /// (<c>AlignedStart(-1, 10) == -10</c>).
    /// </summary>
    /// <param name="timestamp">The event time in ms.</param>
    /// <param name="slide">The window size (tumbling) or slide (sliding), positive.</param>
    /// <returns>The largest multiple of <paramref name="slide"/> not after <paramref name="timestamp"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long AlignedStart(long timestamp, long slide)
    {
        long remainder = timestamp % slide;
        if (remainder < 0)
        {
            remainder += slide;
        }
        return timestamp - remainder;
    }

    /// <summary>
    /// The watermark at which a window ending at <paramref name="end"/> (exclusive) is purged:
    /// <c>end - 1 + allowedLateness</c>, or <see cref="long.MaxValue"/> if that overflows
    /// (Flink's <c>WindowOperator.cleanupTime</c>).
    /// </summary>
    /// <param name="end">The window's exclusive end.</param>
    /// <param name="allowedLateness">The allowed lateness in ms, not negative.</param>
    /// <returns>The cleanup time.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CleanupTime(long end, long allowedLateness)
    {
        long maxTimestamp = end - 1;
        long cleanup = maxTimestamp + allowedLateness;
        return cleanup >= maxTimestamp ? cleanup : long.MaxValue;
    }

    internal static void ValidateLateness(long allowedLatenessMs)
    {
        if (allowedLatenessMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(allowedLatenessMs), allowedLatenessMs, "The allowed lateness of a window must not be negative.");
        }
    }
}
