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
