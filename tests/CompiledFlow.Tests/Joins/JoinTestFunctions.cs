namespace CompiledFlow.Tests.Joins;

/// <summary>A left record of the join tests: an id that tells records apart.</summary>
public readonly record struct Click(int Id, long Page);

/// <summary>A right record of the join tests; its string makes the operators clear references they drop.</summary>
public readonly record struct View(int Id, string Tag)
{
    public static View Of(int id) => new(id, "v" + id);
}

/// <summary>An inner join: one result per (left, right) pair of the window, lefts outer, rights inner.</summary>
public readonly record struct IdPair(int LeftId, int RightId);

public struct PairsCoGroup : ICoGroupFunction<int, Click, View, IdPair>
{
    public static void CoGroup(in JoinWindow<int, Click, View> window, ref Emitter<IdPair> output)
    {
        foreach (Click left in window.Left)
        {
            foreach (View right in window.Right)
            {
                output.Emit(new IdPair(left.Id, right.Id));
            }
        }
    }
}

/// <summary>Emits once per (key, window) when both sides are present: the distinct keys that joined.</summary>
public readonly record struct BothSides(int Left, int Right);

public struct DistinctCoGroup : ICoGroupFunction<int, Click, View, BothSides>
{
    public static void CoGroup(in JoinWindow<int, Click, View> window, ref Emitter<BothSides> output)
    {
        if (!window.Left.IsEmpty && !window.Right.IsEmpty)
        {
            output.Emit(new BothSides(window.Left.Length, window.Right.Length));
        }
    }
}

/// <summary>
/// One line of what a co-group saw: the window, the side, the position and id of the record. The
/// trace co-group emits one per record of each side, so comparing traces compares the spans the
/// function got (contents and order), and a buffer not cleared between keys shows.
/// </summary>
public readonly record struct Seen(long Start, long End, bool IsLeft, int Index, int Id, int LeftCount, int RightCount);

public struct TraceCoGroup<TKey> : ICoGroupFunction<TKey, Click, View, Seen>
    where TKey : notnull
{
    public static void CoGroup(in JoinWindow<TKey, Click, View> window, ref Emitter<Seen> output)
    {
        for (int i = 0; i < window.Left.Length; i++)
        {
            output.Emit(new Seen(window.Start, window.End, true, i, window.Left[i].Id, window.Left.Length, window.Right.Length));
        }
        for (int i = 0; i < window.Right.Length; i++)
        {
            if (window.Right[i].Tag != "v" + window.Right[i].Id)
            {
                throw new InvalidOperationException("A right record reached the co-group damaged.");
            }
            output.Emit(new Seen(window.Start, window.End, false, i, window.Right[i].Id, window.Left.Length, window.Right.Length));
        }
    }
}

/// <summary>The interval join's function: the pair of ids.</summary>
public struct PairJoin : IIntervalJoinFunction<Click, View, IdPair>
{
    public static IdPair Join(in Click left, in View right) => new(left.Id, right.Id);
}

/// <summary>Unmanaged records for the allocation tests.</summary>
public readonly record struct BuyOrder(long Auction, long Price);

public readonly record struct SellOrder(long Auction, long Price);

public struct SpreadCoGroup : ICoGroupFunction<long, BuyOrder, SellOrder, long>
{
    public static void CoGroup(in JoinWindow<long, BuyOrder, SellOrder> window, ref Emitter<long> output)
    {
        foreach (BuyOrder buy in window.Left)
        {
            foreach (SellOrder sell in window.Right)
            {
                output.Emit(sell.Price - buy.Price);
            }
        }
    }
}

public struct SpreadJoin : IIntervalJoinFunction<BuyOrder, SellOrder, long>
{
    public static long Join(in BuyOrder left, in SellOrder right) => right.Price - left.Price;
}

/// <summary>A struct collector appending to a list.</summary>
public readonly struct ListOf<TKey, TOut>(List<Keyed<TKey, TOut>> items) : ICollector<Keyed<TKey, TOut>>
{
    public void Collect(in Keyed<TKey, TOut> item) => items.Add(item);
}

/// <summary>Counts results without keeping them: the collector of the allocation tests.</summary>
public struct CountOf<TKey, TOut> : ICollector<Keyed<TKey, TOut>>
{
    public long Count;

    public void Collect(in Keyed<TKey, TOut> item) => Count++;
}

public static class Results
{
    /// <summary>Keyed records as comparable tuples (Keyed is a plain struct without equality).</summary>
    public static List<(TKey Key, long Timestamp, TOut Value)> Flat<TKey, TOut>(this List<Keyed<TKey, TOut>> items) =>
        items.Select(r => (r.Key, r.Timestamp, r.Value)).ToList();
}
