using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// Runs a keyed process function in one subtask: per-key state in a <see cref="KeyedStateTable{TKey, TValue}"/>
/// of structs, event-time timers in a <see cref="TimerService{TKey}"/>. Each record is handed to
/// the function with its key's state; each advance of the watermark fires the timers it reached.
/// What the function emits goes to the output with the key and the record's (or timer's) time.
/// Records are never late for a process function: it sees the watermark and decides.
/// </summary>
public sealed class KeyedProcessOperator<TKey, TIn, TState, TOut, TFunction>
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
            bool unused = !existed && EqualityComparer<TState>.Default.Equals(state, default!);
            Finish(key, context.StateCleared || unused, ref output);
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
