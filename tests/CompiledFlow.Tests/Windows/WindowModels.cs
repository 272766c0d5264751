namespace CompiledFlow.Tests.Windows;

/// <summary>
/// What the random tests drive: a window operator or a reference model of one. Results are
/// appended to <c>output</c>.
/// </summary>
public interface IWindowModel<TKey>
    where TKey : notnull
{
    bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TestAcc>> output);

    void AdvanceWatermark(long watermark, List<WindowResult<TKey, TestAcc>> output);

    long CurrentWatermark { get; }

    int OpenWindows { get; }
}

/// <summary>
/// Flink's rules written down as naively as possible, for comparison: a flat list of
/// (key, window, accumulator) panes, linear scans, exact 128-bit time arithmetic.
/// </summary>
public static class Flink
{
    /// <summary>Flink's <c>cleanupTime(window) &lt;= currentWatermark</c>, without overflow.</summary>
    public static bool IsPastCleanup(long end, long allowedLateness, long watermark) =>
        (Int128)end - 1 + allowedLateness <= watermark;

    /// <summary>The largest multiple of <paramref name="step"/> not after <paramref name="timestamp"/>.</summary>
    public static long FloorToMultiple(long timestamp, long step)
    {
        long quotient = timestamp / step;
        if (timestamp % step != 0 && timestamp < 0)
        {
            quotient--;
        }
        return quotient * step;
    }
}

/// <summary>
/// Reference model of tumbling (slide = size) and sliding windows: a record belongs to every
/// window [s, s + size) with s a multiple of the slide and s &lt;= ts &lt; s + size; windows past
/// cleanup are skipped; a record added to a window whose end - 1 is at or before the watermark
/// fires it at once; a watermark fires the unfired panes it reaches by (end, pane creation), then
/// drops the panes past cleanup.
/// </summary>
public sealed class AlignedWindowsModel<TKey>(long size, long slide, long allowedLateness) : IWindowModel<TKey>
    where TKey : notnull
{
    private sealed class Pane
    {
        public required TKey Key;
        public long Start;
        public long End;
        public TestAcc Acc;
        public bool Fired;
        public long Created;
    }

    private readonly List<Pane> _panes = [];
    private long _created;

    public long CurrentWatermark { get; private set; } = long.MinValue;

    public int OpenWindows => _panes.Count;

    public bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TestAcc>> output)
    {
        var starts = new List<long>();
        for (long s = Flink.FloorToMultiple(timestamp, slide); s > timestamp - size; s -= slide)
        {
            starts.Add(s);
        }
        starts.Sort();
        List<long> live = starts.Where(s => !Flink.IsPastCleanup(s + size, allowedLateness, CurrentWatermark)).ToList();
        if (live.Count == 0)
        {
            return false;
        }

        foreach (long s in live)
        {
            Pane? pane = _panes.Find(p => EqualityComparer<TKey>.Default.Equals(p.Key, key) && p.Start == s);
            if (pane is null)
            {
                pane = new Pane { Key = key, Start = s, End = s + size, Created = _created++ };
                _panes.Add(pane);
            }
            pane.Acc = TestAcc.Fold(pane.Acc, value);
            if (pane.End - 1 <= CurrentWatermark)
            {
                output.Add(new(pane.Key, pane.Start, pane.End, pane.Acc));
                pane.Fired = true;
            }
        }
        return true;
    }

    public void AdvanceWatermark(long watermark, List<WindowResult<TKey, TestAcc>> output)
    {
        if (watermark <= CurrentWatermark)
        {
            return;
        }
        CurrentWatermark = watermark;
        foreach (Pane pane in _panes.Where(p => !p.Fired && p.End - 1 <= watermark).OrderBy(p => p.End).ThenBy(p => p.Created))
        {
            output.Add(new(pane.Key, pane.Start, pane.End, pane.Acc));
            pane.Fired = true;
        }
        _panes.RemoveAll(p => Flink.IsPastCleanup(p.End, allowedLateness, watermark));
    }
}

/// <summary>
/// Reference model of session windows, following Flink's <c>MergingWindowSet.addWindow</c>: the
/// record's window [ts, ts + gap) joins its key's windows, which are sorted by start and swept,
/// merging each window that intersects (touches) the running merge; the group that holds the new
/// window becomes one session whose accumulator is its old sessions' merged in start order, then
/// the record. A new session past cleanup is dropped (the record is late).
/// </summary>
public sealed class SessionWindowsModel<TKey>(long gap, long allowedLateness) : IWindowModel<TKey>
    where TKey : notnull
{
    private sealed class Session
    {
        public required TKey Key;
        public long Start;
        public long End;
        public TestAcc Acc;
        public bool Fired;
        public long Opened;
    }

    private readonly List<Session> _sessions = [];
    private long _opened;

    public long CurrentWatermark { get; private set; } = long.MinValue;

    public int OpenWindows => _sessions.Count;

    public bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TestAcc>> output)
    {
        var window = new Session { Key = key, Start = timestamp, End = timestamp + gap };
        List<Session> windows = _sessions.Where(s => EqualityComparer<TKey>.Default.Equals(s.Key, key)).Append(window).OrderBy(s => s.Start).ToList();

        // Flink's TimeWindow.mergeWindows: sweep in order of start.
        var groups = new List<List<Session>>();
        long groupEnd = long.MinValue;
        foreach (Session w in windows)
        {
            if (groups.Count > 0 && groups[^1][0].Start <= w.End && groupEnd >= w.Start)
            {
                groups[^1].Add(w);
                groupEnd = Math.Max(groupEnd, w.End);
            }
            else
            {
                groups.Add([w]);
                groupEnd = w.End;
            }
        }
        List<Session> group = groups.Single(g => g.Contains(window));
        List<Session> existing = group.Where(s => s != window).ToList();

        Session target;
        if (existing.Count == 0)
        {
            if (Flink.IsPastCleanup(window.End, allowedLateness, CurrentWatermark))
            {
                return false;
            }
            target = window;
            target.Opened = _opened++;
            _sessions.Add(target);
        }
        else
        {
            target = existing[0];
            foreach (Session other in existing.Skip(1))
            {
                target.Acc = TestAcc.Combine(target.Acc, other.Acc);
                target.Opened = Math.Min(target.Opened, other.Opened);
                _sessions.Remove(other);
            }
            target.Start = group.Min(s => s.Start);
            target.End = group.Max(s => s.End);
        }

        target.Acc = TestAcc.Fold(target.Acc, value);
        target.Fired = target.End - 1 <= CurrentWatermark;
        if (target.Fired)
        {
            output.Add(new(target.Key, target.Start, target.End, target.Acc));
        }
        return true;
    }

    public void AdvanceWatermark(long watermark, List<WindowResult<TKey, TestAcc>> output)
    {
        if (watermark <= CurrentWatermark)
        {
            return;
        }
        CurrentWatermark = watermark;
        foreach (Session s in _sessions.Where(s => !s.Fired && s.End - 1 <= watermark).OrderBy(s => s.End).ThenBy(s => s.Opened))
        {
            output.Add(new(s.Key, s.Start, s.End, s.Acc));
            s.Fired = true;
        }
        _sessions.RemoveAll(s => Flink.IsPastCleanup(s.End, allowedLateness, watermark));
    }
}

/// <summary>The operators under test, behind the same interface as the models.</summary>
public sealed class TumblingUnderTest<TKey>(long size, long allowedLateness) : IWindowModel<TKey>
    where TKey : notnull
{
    public TumblingWindows<TKey, long, TestAcc, TestAggregator> Operator { get; } = new(size, allowedLateness);

    public long CurrentWatermark => Operator.CurrentWatermark;

    public int OpenWindows => Operator.OpenWindows;

    public bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TestAcc>> output)
    {
        var collector = new ListOutput<TKey>(output);
        return Operator.Add(key, timestamp, value, ref collector);
    }

    public void AdvanceWatermark(long watermark, List<WindowResult<TKey, TestAcc>> output)
    {
        var collector = new ListOutput<TKey>(output);
        Operator.AdvanceWatermark(watermark, ref collector);
    }
}

public sealed class SlidingUnderTest<TKey>(long size, long slide, long allowedLateness) : IWindowModel<TKey>
    where TKey : notnull
{
    public SlidingWindows<TKey, long, TestAcc, TestAggregator> Operator { get; } = new(size, slide, allowedLateness);

    public long CurrentWatermark => Operator.CurrentWatermark;

    public int OpenWindows => Operator.OpenWindows;

    public bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TestAcc>> output)
    {
        var collector = new ListOutput<TKey>(output);
        return Operator.Add(key, timestamp, value, ref collector);
    }

    public void AdvanceWatermark(long watermark, List<WindowResult<TKey, TestAcc>> output)
    {
        var collector = new ListOutput<TKey>(output);
        Operator.AdvanceWatermark(watermark, ref collector);
    }
}

public sealed class SessionsUnderTest<TKey>(long gap, long allowedLateness) : IWindowModel<TKey>
    where TKey : notnull
{
    public SessionWindows<TKey, long, TestAcc, TestAggregator, TestMerger> Operator { get; } = new(gap, allowedLateness);

    public long CurrentWatermark => Operator.CurrentWatermark;

    public int OpenWindows => Operator.OpenWindows;

    public bool Add(TKey key, long timestamp, long value, List<WindowResult<TKey, TestAcc>> output)
    {
        var collector = new ListOutput<TKey>(output);
        return Operator.Add(key, timestamp, value, ref collector);
    }

    public void AdvanceWatermark(long watermark, List<WindowResult<TKey, TestAcc>> output)
    {
        var collector = new ListOutput<TKey>(output);
        Operator.AdvanceWatermark(watermark, ref collector);
    }
}

/// <summary>A struct collector appending to a list.</summary>
public readonly struct ListOutput<TKey>(List<WindowResult<TKey, TestAcc>> items) : ICollector<WindowResult<TKey, TestAcc>>
{
    public void Collect(in WindowResult<TKey, TestAcc> item) => items.Add(item);
}
