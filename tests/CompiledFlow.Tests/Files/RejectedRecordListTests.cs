namespace CompiledFlow.Tests.Files;

public sealed class RejectedRecordListTests
{
    [Fact]
    public void Records_added_from_many_threads_are_all_kept()
    {
        var list = new RejectedRecordList();

        Parallel.For(0, 10_000, i => list.Add(new RejectedRecord("f", i, 1, "bad", "x")));

        Assert.Equal(10_000, list.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i), list.Select(r => r.Line).Order());
    }

    [Fact]
    public void Enumeration_is_a_snapshot()
    {
        var list = new RejectedRecordList();
        list.Add(new RejectedRecord("f", 1, 1, "bad", "x"));

        foreach (RejectedRecord record in list)
        {
            list.Add(record with { Line = 2 }); // would throw if enumerating the live list
        }

        Assert.Equal(2, list.Count);
        Assert.Equal(2, list[1].Line);
    }
}
