using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// Flink's bounded out-of-orderness watermark strategy for one source split: the watermark is the
/// largest timestamp seen minus the allowed out-of-orderness minus one, so a record exactly
/// <c>MaxOutOfOrdernessMs</c> behind the newest is still on time. The runtime reads
/// <see cref="Watermark"/> after each batch, as Flink emits watermarks periodically.
/// </summary>
public struct WatermarkTracker
{
    private readonly long _maxOutOfOrdernessMs;
    private long _maxTimestamp;

    /// <summary>Creates a tracker that allows records up to <paramref name="maxOutOfOrdernessMs"/> behind the newest.</summary>
    public WatermarkTracker(long maxOutOfOrdernessMs)
    {
        _maxOutOfOrdernessMs = maxOutOfOrdernessMs;
        _maxTimestamp = long.MinValue;
    }

    /// <summary>Notes the timestamp of one record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(long timestamp)
    {
        if (timestamp > _maxTimestamp)
        {
            _maxTimestamp = timestamp;
        }
    }

    /// <summary>The largest timestamp seen (<see cref="long.MinValue"/> before the first record); checkpoints save and restore it.</summary>
    public long MaxTimestamp
    {
        readonly get => _maxTimestamp;
        set => _maxTimestamp = value;
    }

    /// <summary>No record with a timestamp at or below this is expected any more; <see cref="long.MinValue"/> before the first record.</summary>
    public readonly long Watermark =>
        _maxTimestamp == long.MinValue ? long.MinValue : _maxTimestamp - _maxOutOfOrdernessMs - 1;
}
