namespace CompiledFlow.Tests.Joins;

/// <summary>
/// What the random join tests drive: a join operator or a reference model of one, over
/// <see cref="Click"/> (left) and <see cref="View"/> (right) records. Results are appended to
/// <c>output</c>; <see cref="State"/> describes the state held, in terms both can compute.
/// </summary>
public interface IJoinModel<TKey, TOut>
    where TKey : notnull
{
    bool Add(TKey key, long timestamp, JoinInput<Click, View> value, List<Keyed<TKey, TOut>> output);

    void AdvanceWatermark(long watermark, List<Keyed<TKey, TOut>> output);

    long CurrentWatermark { get; }

    string State { get; }
}

/// <summary>
/// Flink's co-group over tumbling or sliding event-time windows written down as naively as
/// possible: a flat list of (key, window) panes holding lists of records, linear scans, exact
/// 128-bit time arithmetic. A record goes into every window [s, s + size) with s a multiple of
/// the slide and s &lt;= ts &lt; s + size that is not past cleanup (none: late); a pane whose
/// end - 1 is at or before the watermark fires at once when a record is added; a watermark fires
/// the unfired panes it reaches by (end, pane creation), then drops the panes past cleanup.
/// </summary>
public sealed class CoGroupModel<TKey, TOut, TFunction>(long size, long slide, long allowedLateness) : IJoinModel<TKey, TOut>
    where TKey : notnull
    where TFunction : ICoGroupFunction<TKey, Click, View, TOut>
{
    private sealed class Pane
    {
        public required TKey Key;
        public long Start;
        public long End;
        public readonly List<Click> Lefts = [];
        public readonly List<View> Rights = [];
        public bool Fired;
        public long Created;
    }

    private readonly List<Pane> _panes = [];
    private long _created;

    public long CurrentWatermark { get; private set; } = long.MinValue;

    public string State => $"{_panes.Count} (key, window) pairs, {_panes.Sum(p => p.Lefts.Count + p.Rights.Count)} records";

    public bool Add(TKey key, long timestamp, JoinInput<Click, View> value, List<Keyed<TKey, TOut>> output)
    {
        var starts = new List<long>();
        for (long s = FloorToMultiple(timestamp, slide); s > timestamp - size; s -= slide)
        {
            starts.Add(s);
        }
        starts.Sort();
        List<long> live = starts.Where(s => !IsPastCleanup(s + size, CurrentWatermark)).ToList();
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
            if (value.IsLeft)
            {
                pane.Lefts.Add(value.Left);
            }
            else
            {
                pane.Rights.Add(value.Right);
            }
            if (pane.End - 1 <= CurrentWatermark)
            {
                Fire(pane, output);
            }
        }
        return true;
    }

    public void AdvanceWatermark(long watermark, List<Keyed<TKey, TOut>> output)
    {
        if (watermark <= CurrentWatermark)
        {
            return;
        }
        CurrentWatermark = watermark;
        foreach (Pane pane in _panes.Where(p => !p.Fired && p.End - 1 <= watermark).OrderBy(p => p.End).ThenBy(p => p.Created).ToList())
        {
            Fire(pane, output);
        }
        _panes.RemoveAll(p => IsPastCleanup(p.End, watermark));
    }

    private static void Fire(Pane pane, List<Keyed<TKey, TOut>> output)
    {
        var emitter = new Emitter<TOut>();
        var window = new JoinWindow<TKey, Click, View>(pane.Key, pane.Start, pane.End, pane.Lefts.ToArray(), pane.Rights.ToArray());
        TFunction.CoGroup(in window, ref emitter);
        foreach (TOut result in emitter.Emitted)
        {
            output.Add(new Keyed<TKey, TOut>(pane.Key, pane.End - 1, result));
        }
        emitter.Dispose();
        pane.Fired = true;
    }

    private bool IsPastCleanup(long end, long watermark) => (Int128)end - 1 + allowedLateness <= watermark;

    private static long FloorToMultiple(long timestamp, long step)
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
/// An interval join that never forgets: every accepted record is kept forever in arrival order, and
/// a new record is joined with every kept record of the other side of its key whose time is in
/// the bounds. A record is late when its time is below the watermark (or after the final one).
/// The state it reports is what an exact cleanup must keep: the lefts with tl + upper &gt;= W and
/// the rights with tr - lower &gt;= W (nothing after the final watermark), and their keys.
/// </summary>
public sealed class IntervalJoinModel<TKey>(long lower, long upper) : IJoinModel<TKey, IdPair>
    where TKey : notnull
{
    private readonly List<(TKey Key, Click Value, long Time)> _lefts = [];
    private readonly List<(TKey Key, View Value, long Time)> _rights = [];

    public long CurrentWatermark { get; private set; } = long.MinValue;

    public string State
    {
        get
        {
            long w = CurrentWatermark;
            var lefts = _lefts.Where(l => w != long.MaxValue && (Int128)l.Time + upper >= w).ToList();
            var rights = _rights.Where(r => w != long.MaxValue && (Int128)r.Time - lower >= w).ToList();
            int keys = lefts.Select(l => l.Key).Concat(rights.Select(r => r.Key)).Distinct().Count();
            return $"{keys} keys, {lefts.Count} lefts, {rights.Count} rights";
        }
    }

    public bool Add(TKey key, long timestamp, JoinInput<Click, View> value, List<Keyed<TKey, IdPair>> output)
    {
        if (timestamp < CurrentWatermark || CurrentWatermark == long.MaxValue)
        {
            return false;
        }

        if (value.IsLeft)
        {
            foreach ((TKey k, View right, long time) in _rights)
            {
                if (EqualityComparer<TKey>.Default.Equals(k, key) && time - timestamp >= lower && time - timestamp <= upper)
                {
                    output.Add(new Keyed<TKey, IdPair>(key, Math.Max(timestamp, time), new IdPair(value.Left.Id, right.Id)));
                }
            }
            _lefts.Add((key, value.Left, timestamp));
        }
        else
        {
            foreach ((TKey k, Click left, long time) in _lefts)
            {
                if (EqualityComparer<TKey>.Default.Equals(k, key) && timestamp - time >= lower && timestamp - time <= upper)
                {
                    output.Add(new Keyed<TKey, IdPair>(key, Math.Max(timestamp, time), new IdPair(left.Id, value.Right.Id)));
                }
            }
            _rights.Add((key, value.Right, timestamp));
        }
        return true;
    }

    public void AdvanceWatermark(long watermark, List<Keyed<TKey, IdPair>> output) =>
        CurrentWatermark = Math.Max(CurrentWatermark, watermark);
}

/// <summary>The co-group operator under test, behind the same interface as its model.</summary>
public sealed class CoGroupUnderTest<TKey, TOut, TFunction>(long size, long slide, long allowedLateness) : IJoinModel<TKey, TOut>
    where TKey : notnull
    where TFunction : ICoGroupFunction<TKey, Click, View, TOut>
{
    public WindowCoGroupOperator<TKey, Click, View, TOut, TFunction> Operator { get; } = new(size, slide, allowedLateness);

    public long CurrentWatermark => Operator.CurrentWatermark;

    public string State => $"{Operator.OpenWindows} (key, window) pairs, {Operator.BufferedRecords} records";

    public bool Add(TKey key, long timestamp, JoinInput<Click, View> value, List<Keyed<TKey, TOut>> output)
    {
        var collector = new ListOf<TKey, TOut>(output);
        return Operator.Add(key, timestamp, value, ref collector);
    }

    public void AdvanceWatermark(long watermark, List<Keyed<TKey, TOut>> output)
    {
        var collector = new ListOf<TKey, TOut>(output);
        Operator.AdvanceWatermark(watermark, ref collector);
    }
}

/// <summary>The interval join operator under test, behind the same interface as its model.</summary>
public sealed class IntervalJoinUnderTest<TKey>(long lower, long upper) : IJoinModel<TKey, IdPair>
    where TKey : notnull
{
    public IntervalJoinOperator<TKey, Click, View, IdPair, PairJoin> Operator { get; } = new(lower, upper);

    public long CurrentWatermark => Operator.CurrentWatermark;

    public string State => $"{Operator.BufferedKeys} keys, {Operator.BufferedLeft} lefts, {Operator.BufferedRight} rights";

    public bool Add(TKey key, long timestamp, JoinInput<Click, View> value, List<Keyed<TKey, IdPair>> output)
    {
        var collector = new ListOf<TKey, IdPair>(output);
        return Operator.Add(key, timestamp, value, ref collector);
    }

    public void AdvanceWatermark(long watermark, List<Keyed<TKey, IdPair>> output)
    {
        var collector = new ListOf<TKey, IdPair>(output);
        Operator.AdvanceWatermark(watermark, ref collector);
    }
}
