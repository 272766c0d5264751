namespace CompiledFlow.Tests.Windows;

/// <summary>
/// The accumulator of the window tests. <see cref="Mix"/> depends on the order records were added
/// and accumulators merged, so a model that folds in a different order is caught.
/// </summary>
public struct TestAcc
{
    public long Count;
    public long Sum;
    public long Max;
    public long Mix;

    public override readonly string ToString() => $"(n={Count} sum={Sum} max={Max} mix={Mix})";

    public static TestAcc Fold(TestAcc acc, long value)
    {
        acc.Max = acc.Count == 0 ? value : Math.Max(acc.Max, value);
        acc.Count++;
        acc.Sum += value;
        acc.Mix = unchecked(acc.Mix * 31 + value + 7);
        return acc;
    }

    public static TestAcc Combine(TestAcc into, TestAcc other)
    {
        into.Max = Math.Max(into.Max, other.Max);
        into.Count += other.Count;
        into.Sum += other.Sum;
        into.Mix = unchecked(into.Mix * 1_000_003 + other.Mix);
        return into;
    }
}

public struct TestAggregator : IAggregator<long, TestAcc>
{
    public static void Add(ref TestAcc accumulator, in long value) => accumulator = TestAcc.Fold(accumulator, value);
}

public struct TestMerger : IAccumulatorMerger<TestAcc>
{
    public static void Merge(ref TestAcc into, in TestAcc other) => into = TestAcc.Combine(into, other);
}

/// <summary>The accumulator of the state-size test, as in DESIGN.md.</summary>
public struct Stats
{
    public long Count;
    public long Max;
}

public struct StatsAggregator : IAggregator<long, Stats>
{
    public static void Add(ref Stats accumulator, in long value)
    {
        accumulator.Count++;
        if (value > accumulator.Max)
        {
            accumulator.Max = value;
        }
    }
}

public struct StatsMerger : IAccumulatorMerger<Stats>
{
    public static void Merge(ref Stats into, in Stats other)
    {
        into.Count += other.Count;
        into.Max = Math.Max(into.Max, other.Max);
    }
}

/// <summary>Counts results without keeping them: the collector of the allocation tests.</summary>
public struct CountingCollector<TKey, TAcc> : ICollector<WindowResult<TKey, TAcc>>
{
    public long Count;

    public void Collect(in WindowResult<TKey, TAcc> item) => Count++;
}
