namespace CompiledFlow;

/// <summary>
/// What a <c>[Process]</c> function sees for the current record (or firing timer): the key, its
/// time, the key's state, a way to emit records and to set event-time timers. Like Flink's
/// KeyedProcessFunction.Context, valid only during the call. State starts as <c>default</c> for a
/// new key; <see cref="ClearState"/> forgets it.
/// </summary>
public ref struct KeyedContext<TKey, TState, TOut>
    where TKey : notnull
{
    private readonly ref TState _state;
    private readonly ref OutputBuffer<Keyed<TKey, TOut>> _output;
    private readonly TimerService<TKey> _timers;
    private bool _clearRequested;

    internal KeyedContext(TKey key, long timestamp, long watermark, ref TState state, ref OutputBuffer<Keyed<TKey, TOut>> output, TimerService<TKey> timers)
    {
        Key = key;
        Timestamp = timestamp;
        Watermark = watermark;
        _state = ref state;
        _output = ref output;
        _timers = timers;
        _clearRequested = false;
    }

    /// <summary>The key of the current record or timer.</summary>
    public TKey Key { get; }

    /// <summary>The event time of the current record, or the time of the firing timer.</summary>
    public long Timestamp { get; }

    /// <summary>The subtask's current watermark.</summary>
    public long Watermark { get; }

    /// <summary>The key's state, by reference: assign to it or change its fields.</summary>
    public readonly ref TState State => ref _state;

    /// <summary>True once <see cref="ClearState"/> was called in this call.</summary>
    public readonly bool StateCleared => _clearRequested;

    /// <summary>Emits a record downstream, with the current <see cref="Timestamp"/>.</summary>
    public void Emit(in TOut value) => _output.Collect(new Keyed<TKey, TOut>(Key, Timestamp, value));

    /// <summary>Calls the <c>OnTimer</c> method for this key once the watermark reaches <paramref name="time"/>; a second timer at the same time is one timer.</summary>
    public readonly void RegisterTimer(long time) => _timers.Register(Key, time);

    /// <summary>Cancels the timer for this key at <paramref name="time"/>, if one is set.</summary>
    public readonly void DeleteTimer(long time) => _timers.Delete(Key, time);

    /// <summary>Forgets this key's state (it reads as <c>default</c> from now on) once the call returns.</summary>
    public void ClearState()
    {
        _state = default!;
        _clearRequested = true;
    }
}
