namespace CompiledFlow;

/// <summary>
/// The event-time timers of one keyed subtask: at most one timer per key and time (as in Flink),
/// fired in order of time, then of registration, when the watermark reaches them. Deleting a
/// timer removes it from the set; its queue entry is skipped when it comes up.
/// </summary>
public sealed class TimerService<TKey>
    where TKey : notnull
{
    private readonly PriorityQueue<(TKey Key, long Time), (long Time, long Sequence)> _queue = new();
    private readonly HashSet<(TKey Key, long Time)> _set = [];
    private long _sequence;

    /// <summary>How many timers are set.</summary>
    public int Count => _set.Count;

    internal void Register(TKey key, long time)
    {
        if (_set.Add((key, time)))
        {
            _queue.Enqueue((key, time), (time, _sequence++));
        }
    }

    internal void Delete(TKey key, long time) => _set.Remove((key, time));

    /// <summary>Takes the next timer at or before <paramref name="watermark"/>, if any.</summary>
    internal bool TryTakeDue(long watermark, out TKey key, out long time)
    {
        while (_queue.TryPeek(out (TKey Key, long Time) next, out (long Time, long Sequence) priority) && priority.Time <= watermark)
        {
            _queue.Dequeue();
            if (_set.Remove(next))
            {
                (key, time) = next;
                return true;
            }
        }

        key = default!;
        time = 0;
        return false;
    }
}
