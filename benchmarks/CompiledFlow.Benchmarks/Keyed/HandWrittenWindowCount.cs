using System.Runtime.InteropServices;

namespace CompiledFlow.Benchmarks.KeyedWindows;

/// <summary>
/// The keyed workload written by hand, as one would without an engine: one
/// <c>Dictionary&lt;long, long&gt;</c> of counts per open window (window start → auction → count),
/// the previous record's window cached, the same bounded out-of-orderness watermark (largest time
/// seen − 500 ms − 1, checked per record) firing every window whose end − 1 it reaches, and fired
/// dictionaries cleared and reused. Results go to the same checksum as the pipeline's sink.
/// </summary>
public static class HandWrittenWindowCount
{
    public static WindowTotals Run(Bid[] bids)
    {
        const long size = KeyedBidData.WindowSizeMs;
        var open = new Dictionary<long, Dictionary<long, long>>();
        var spare = new Stack<Dictionary<long, long>>();
        long maxTime = long.MinValue;
        long watermark = long.MinValue;
        long firstEnd = long.MaxValue; // the smallest end among the open windows
        long cachedStart = long.MinValue;
        Dictionary<long, long>? cached = null;
        long results = 0, records = 0, late = 0;
        ulong checksum = 0;

        foreach (ref readonly Bid bid in bids.AsSpan())
        {
            long time = bid.DateTime;
            long start = time - (time % size + size) % size;
            if (start + size - 1 <= watermark)
            {
                late++; // never happens with this data; counted so that the check below would see it
                continue;
            }

            if (start != cachedStart || cached is null)
            {
                if (!open.TryGetValue(start, out cached))
                {
                    cached = spare.Count > 0 ? spare.Pop() : new Dictionary<long, long>();
                    open.Add(start, cached);
                    firstEnd = Math.Min(firstEnd, start + size);
                }

                cachedStart = start;
            }

            CollectionsMarshal.GetValueRefOrAddDefault(cached, bid.Auction, out _)++;

            if (time > maxTime)
            {
                maxTime = time;
                watermark = time - KeyedBidData.MaxOutOfOrdernessMs - 1;
                if (watermark >= firstEnd - 1)
                {
                    Fire(watermark);
                }
            }
        }

        Fire(long.MaxValue);
        if (late != 0)
        {
            throw new InvalidOperationException($"{late} late bids: the data does not match the watermark bound.");
        }

        return new WindowTotals(results, records, checksum);

        void Fire(long upTo)
        {
            firstEnd = long.MaxValue;
            List<long>? fired = null;
            foreach ((long windowStart, Dictionary<long, long> counts) in open)
            {
                if (windowStart + size - 1 > upTo)
                {
                    firstEnd = Math.Min(firstEnd, windowStart + size);
                    continue;
                }

                foreach ((long key, long count) in counts)
                {
                    results++;
                    records += count;
                    checksum += WindowTotals.Mix(key, windowStart, count);
                }

                (fired ??= []).Add(windowStart);
            }

            if (fired is null)
            {
                return;
            }

            foreach (long windowStart in fired)
            {
                open.Remove(windowStart, out Dictionary<long, long>? counts);
                counts!.Clear();
                spare.Push(counts);
            }

            cached = null;
        }
    }
}
