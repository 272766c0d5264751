using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The event-time timers of one keyed subtask: at most one timer per key and time (as in Flink),
/// fired in order of time, then of registration, when the watermark reaches them. Deleting a
/// timer removes it from the set; its queue entry is skipped when it comes up. A snapshot holds
/// the set timers with their registration order, so a restored service fires them in the same order.
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

    /// <summary>
    /// Writes the set timers as three spans of the same length: their keys, times and registration
    /// sequences, in no particular order (sorting is left to <see cref="Restore"/>, which does not
    /// pause processing). A deleted timer's entry left in the queue is skipped; a timer deleted and
    /// set again has two entries, and restoring keeps the first, the one that fires it.
    /// </summary>
    internal void Snapshot(StateWriter state)
    {
        int entries = _queue.Count;
        bool stale = entries != _set.Count; // else every entry is a set timer: each has at least one
        TKey[] keys = ArrayPool<TKey>.Shared.Rent(entries);
        long[] times = ArrayPool<long>.Shared.Rent(entries);
        long[] sequences = ArrayPool<long>.Shared.Rent(entries);
        try
        {
            int count = 0;
            foreach (((TKey Key, long Time) timer, (long Time, long Sequence) priority) in _queue.UnorderedItems)
            {
                if (!stale || _set.Contains(timer))
                {
                    keys[count] = timer.Key;
                    times[count] = priority.Time;
                    sequences[count] = priority.Sequence;
                    count++;
                }
            }

            state.WriteSpan<TKey>(keys.AsSpan(0, count));
            state.WriteSpan<long>(times.AsSpan(0, count));
            state.WriteSpan<long>(sequences.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<TKey>.Shared.Return(keys, RuntimeHelpers.IsReferenceOrContainsReferences<TKey>());
            ArrayPool<long>.Shared.Return(times);
            ArrayPool<long>.Shared.Return(sequences);
        }
    }

    /// <summary>
    /// Sets the timers of a snapshot whose keys <paramref name="owner"/> owns, after those already
    /// set, in the snapshot's firing order (time, then registration).
    /// </summary>
    internal void Restore(StateReader state, KeyOwnership owner)
    {
        TKey[] keys = state.ReadArray<TKey>();
        long[] times = state.ReadArray<long>();
        long[] sequences = state.ReadArray<long>();
        if (keys.Length != times.Length || keys.Length != sequences.Length)
        {
            throw new CheckpointException($"The state of {state.Operator} is malformed: its timers have {keys.Length} keys, {times.Length} times and {sequences.Length} sequences.");
        }

        var order = new (long Time, long Sequence)[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = (times[i], sequences[i]);
        }

        Array.Sort(order, keys);
        for (int i = 0; i < keys.Length; i++)
        {
            if (owner.Owns(in keys[i]))
            {
                Register(keys[i], order[i].Time); // a second entry of the same timer is one timer
            }
        }
    }
}
