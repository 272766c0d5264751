namespace CompiledFlow.Execution;

/// <summary>
/// Flink's watermark alignment between the splits of one source: a split whose watermark is more
/// than the allowed drift ahead of the slowest split's pauses between batches until that one
/// catches up. Without it, two source threads drift apart in event time by whatever the scheduler
/// makes of them, and the keyed stages, whose watermark is the slowest split's, hold the state of
/// every key the faster split has already moved on from.
/// <para>
/// A split that ended or went idle leaves the minimum (it reports <see cref="long.MaxValue"/>); one that
/// has produced no watermark yet holds the others at its start, and one back from idleness behind the
/// others holds them until it catches up. The waits are asynchronous: a paused
/// split holds no thread, so the splits it waits for and the subtasks they run are never starved.
/// </para>
/// </summary>
internal sealed class WatermarkAlignment
{
    private readonly long _maxDriftMs;
    private readonly long[] _watermarks;
    private readonly Lock _gate = new();
    private long _slowest = long.MinValue;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatermarkAlignment(int splits, long maxDriftMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDriftMs);
        _maxDriftMs = maxDriftMs;
        _watermarks = new long[splits];
        Array.Fill(_watermarks, long.MinValue);
    }

    /// <summary>Records a split's watermark; <see cref="long.MaxValue"/> takes it out of the minimum (ended or idle).</summary>
    public void Report(int split, long watermark)
    {
        TaskCompletionSource? advanced = null;
        lock (_gate)
        {
            _watermarks[split] = watermark;
            long slowest = _watermarks.Min();
            if (slowest > _slowest)
            {
                advanced = _advanced;
                _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _slowest = slowest; // may also fall: a split back from idleness behind the others holds them again
        }

        advanced?.SetResult();
    }

    /// <summary>
    /// Whether a split at <paramref name="watermark"/> may go on; if not, <paramref name="advanced"/>
    /// completes the next time the slowest split's watermark moves.
    /// </summary>
    public bool MayProceed(long watermark, out Task advanced)
    {
        lock (_gate)
        {
            advanced = _advanced.Task;
            return watermark <= _slowest || (_slowest > long.MinValue && watermark - _slowest <= _maxDriftMs);
        }
    }
}
