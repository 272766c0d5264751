using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The windows of a tumbling or sliding window operator: one <see cref="KeyedStateTable{TKey, TValue}"/>
/// of accumulators per open window (see <see cref="WindowPanes{TState}"/> for the layout), and the
/// firing of their results.
/// </summary>
internal sealed class AlignedWindowPanes<TKey, TAcc>(long size, long allowedLateness)
    : WindowPanes<KeyedStateTable<TKey, TAcc>>(size, allowedLateness)
    where TKey : notnull
{
    /// <summary>The table of the <paramref name="index"/>-th window in start order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal KeyedStateTable<TKey, TAcc> TableAt(int index) => StateAt(index);

    /// <summary>(key, window) pairs held.</summary>
    internal int KeyWindowCount
    {
        get
        {
            int sum = 0;
            for (int i = 0; i < Count; i++)
            {
                sum += StateAt(i).Count;
            }
            return sum;
        }
    }

    /// <summary>
    /// Writes the windows: their number, then per window in start order its start, its keys and its
    /// accumulators (two spans of the window's key count, in the order the keys entered it).
    /// </summary>
    internal void Snapshot(StateWriter state)
    {
        state.WriteInt32(Count);
        for (int i = 0; i < Count; i++)
        {
            state.WriteInt64(StartAt(i));
            StateAt(i).WriteEntries(state);
        }
    }

    /// <summary>
    /// Adds the (key, window) accumulators of one snapshot whose keys <paramref name="owner"/> owns,
    /// opening the windows they need; a window none of whose keys are owned is not opened.
    /// </summary>
    internal void Restore(StateReader state, KeyOwnership owner)
    {
        int windows = state.ReadInt32();
        if (windows < 0)
        {
            throw new CheckpointException($"The state of {state.Operator} is malformed: it claims {windows} windows.");
        }

        for (int w = 0; w < windows; w++)
        {
            long start = state.ReadInt64();
            TKey[] keys = state.ReadArray<TKey>();
            TAcc[] accumulators = state.ReadArray<TAcc>();
            if (keys.Length != accumulators.Length)
            {
                throw new CheckpointException(
                    $"The state of {state.Operator} is malformed: window [{start}, {start + Size}) has {keys.Length} keys but {accumulators.Length} accumulators.");
            }

            KeyedStateTable<TKey, TAcc>? table = null;
            for (int k = 0; k < keys.Length; k++)
            {
                if (!owner.Owns(in keys[k]))
                {
                    continue;
                }

                table ??= StateAt(GetOrOpen(start, 0));
                ref TAcc accumulator = ref table.GetValueRefOrAddDefault(in keys[k], out bool exists);
                if (exists)
                {
                    throw new CheckpointException(
                        $"The state of {state.Operator} cannot be restored: key {keys[k]} of window [{start}, {start + Size}) is in two of the snapshots restored. Restore each subtask's snapshot of one checkpoint once.");
                }
                accumulator = accumulators[k];
            }
        }
    }

    /// <summary>
    /// Emits every (key, window) result of the windows whose maximum timestamp <c>End - 1</c> is in
    /// (<paramref name="previousWatermark"/>, <paramref name="watermark"/>]: windows in order of
    /// end, keys in the order they entered the window.
    /// </summary>
    internal void Fire<TOutput>(long previousWatermark, long watermark, ref TOutput output)
        where TOutput : struct, ICollector<WindowResult<TKey, TAcc>>
    {
        for (int i = 0; i < Count; i++)
        {
            long start = StartAt(i);
            long end = start + Size;
            if (end - 1 <= previousWatermark)
            {
                continue; // fired by an earlier watermark
            }
            if (end - 1 > watermark)
            {
                break;
            }

            KeyedStateTable<TKey, TAcc> table = StateAt(i);
            for (int k = 0; k < table.Count; k++)
            {
                output.Collect(new WindowResult<TKey, TAcc>(table.KeyAt(k), start, end, table.ValueAt(k)));
            }
        }
    }
}
