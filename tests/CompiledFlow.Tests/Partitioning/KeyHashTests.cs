namespace CompiledFlow.Tests.Partitioning;

/// <summary>Key hashes must not change between processes or runs: partitions (and later key groups) depend on them.</summary>
public sealed class KeyHashTests
{
    [Fact]
    public void Hashes_of_longs_ints_and_strings_are_pinned()
    {
        // Pinned values: a change here moves every key to another partition.
        Assert.Equal(KeyHash.Of(42L), KeyHash.Of(42L));
        Assert.Equal(-730696158, KeyHash.Of(42L));
        Assert.Equal(1932338597, KeyHash.Of("auction-7"));
        Assert.Equal(KeyHash.Of(42L), KeyHash.Of(42));
        Assert.Equal(KeyHash.Of("auction-7"), KeyHash.Of(new string("auction-7".ToCharArray())));
        Assert.NotEqual(KeyHash.Of("auction-7"), KeyHash.Of("auction-8"));
    }

    [Fact]
    public void Sequential_ids_spread_evenly_over_partitions()
    {
        int[] counts = new int[4];
        for (long id = 0; id < 100_000; id++)
        {
            counts[KeyHash.Partition(id, 4)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 24_000, 26_000));
    }
}
