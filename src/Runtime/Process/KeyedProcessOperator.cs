using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// Runs a keyed process function in one subtask: per-key state in a <see cref="KeyedStateTable{TKey, TValue}"/>
/// of structs, event-time timers in a <see cref="TimerService{TKey}"/>. Each record is handed to
/// the function with its key's state; each advance of the watermark fires the timers it reached.
/// What the function emits goes to the output with the key and the record's (or timer's) time.
/// Records are never late for a process function: it sees the watermark and decides.
/// A snapshot holds the shapes of the key and state types, the watermark, every key with its
/// state, and every timer set (key, time and registration order, so timers fire in the same order).
/// </summary>
public sealed class KeyedProcessOperator<TKey, TIn, TState, TOut, TFunction> : ICheckpointedOperator
    where TKey : notnull
    where TFunction : IKeyedProcessFunction<TKey, TIn, TState, TOut>
{
    private readonly KeyedStateTable<TKey, TState> _state = new();
    private readonly TimerService<TKey> _timers = new();
    private OutputBuffer<Keyed<TKey, TOut>> _emitted = new(16);

    /// <summary>The subtask's watermark (starts at <see cref="long.MinValue"/>).</summary>
    public long CurrentWatermark { get; private set; } = long.MinValue;

    /// <summary>Keys holding state.</summary>
    public int StateCount => _state.Count;

    /// <summary>Timers set.</summary>
    public int TimerCount => _timers.Count;

    /// <summary>Bytes held by the state table.</summary>
    public long StateBytes => _state.EstimatedBytes;

    /// <summary>Hands one record to the function and what it emits to <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TOutput>(in TKey key, long timestamp, in TIn value, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        ref TState state = ref _state.GetValueRefOrAddDefault(key, out _);
        var context = new KeyedContext<TKey, TState, TOut>(key, timestamp, CurrentWatermark, ref state, ref _emitted, _timers);
        TFunction.ProcessElement(in value, ref context);
        Finish(key, context.StateCleared, ref output);
    }

    /// <summary>Fires, in order, every timer the new watermark reached.</summary>
    public void AdvanceWatermark<TOutput>(long watermark, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        if (watermark <= CurrentWatermark)
        {
            return;
        }

        CurrentWatermark = watermark;
        while (_timers.TryTakeDue(watermark, out TKey key, out long time))
        {
            ref TState state = ref _state.GetValueRefOrAddDefault(key, out bool existed);
            var context = new KeyedContext<TKey, TState, TOut>(key, time, watermark, ref state, ref _emitted, _timers);
            TFunction.OnTimer(ref context);

            // A timer of a key without state must not leave a default entry behind (Flink creates none).
            bool unused = !existed && StateBits.IsZero(ref state);
            Finish(key, context.StateCleared || unused, ref output);
        }
    }

    /// <summary>
    /// Writes the state: the shapes of <typeparamref name="TKey"/> and <typeparamref name="TState"/>,
    /// the watermark, the keys and their states (two spans, in the table's order), then the timers'
    /// keys, times and registration sequences (three spans; see <see cref="TimerService{TKey}"/>).
    /// </summary>
    public void Snapshot(StateWriter state)
    {
        state.WriteSchema<TKey>();
        state.WriteSchema<TState>();
        state.WriteInt64(CurrentWatermark);

        int count = _state.Count;
        TKey[] keys = ArrayPool<TKey>.Shared.Rent(count);
        TState[] values = ArrayPool<TState>.Shared.Rent(count);
        try
        {
            int i = 0;
            foreach (KeyedStateTable<TKey, TState>.Entry entry in _state)
            {
                keys[i] = entry.Key;
                values[i] = entry.Value;
                i++;
            }

            state.WriteSpan<TKey>(keys.AsSpan(0, count));
            state.WriteSpan<TState>(values.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<TKey>.Shared.Return(keys, RuntimeHelpers.IsReferenceOrContainsReferences<TKey>());
            ArrayPool<TState>.Shared.Return(values, RuntimeHelpers.IsReferenceOrContainsReferences<TState>());
        }

        _timers.Snapshot(state);
    }

    /// <summary>
    /// Adds the keys, states and timers of one snapshot whose keys <paramref name="owner"/> owns,
    /// and takes the later of the two watermarks. Throws a <see cref="CheckpointException"/> when
    /// the key or state type changed shape, or the state is malformed; nothing is changed until the
    /// whole snapshot is read.
    /// </summary>
    public void Restore(StateReader state, KeyOwnership owner)
    {
        state.ReadSchema<TKey>("key");
        state.ReadSchema<TState>("state");
        long watermark = state.ReadInt64();
        TKey[] keys = state.ReadArray<TKey>();
        TState[] values = state.ReadArray<TState>();
        if (keys.Length != values.Length)
        {
            throw new CheckpointException($"The state of {state.Operator} is malformed: it has {keys.Length} keys but {values.Length} states.");
        }

        _timers.Restore(state, owner); // read last and set only once read: a malformed snapshot changes nothing
        CurrentWatermark = Math.Max(CurrentWatermark, watermark);
        for (int i = 0; i < keys.Length; i++)
        {
            if (owner.Owns(in keys[i]))
            {
                _state.GetValueRefOrAddDefault(in keys[i], out _) = values[i];
            }
        }
    }

    private void Finish<TOutput>(in TKey key, bool clearState, ref TOutput output)
        where TOutput : struct, ICollector<Keyed<TKey, TOut>>
    {
        if (clearState)
        {
            _state.Remove(key);
        }

        if (_emitted.Count > 0)
        {
            foreach (ref readonly Keyed<TKey, TOut> record in _emitted.Written.Span)
            {
                output.Collect(in record);
            }

            _emitted.Clear();
        }
    }
}
