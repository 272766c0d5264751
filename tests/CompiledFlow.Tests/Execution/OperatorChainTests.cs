namespace CompiledFlow.Tests.Execution;

/// <summary>The default <see cref="IOperatorChain{TIn, TOut}.ProcessInto"/> of a chain that only implements Process.</summary>
public sealed class OperatorChainTests
{
    [Fact]
    public void A_chain_without_its_own_ProcessInto_collects_what_Process_writes_in_order()
    {
        IOperatorChain<int, int> chain = new TwiceEach();
        var collector = new ListCollector();

        chain.ProcessInto([1, 2, 3], ref collector);

        Assert.Equal([1, 1, 2, 2, 3, 3], collector.Items);
    }

    /// <summary>Emits every record twice: more output than input, so the default's buffer must grow.</summary>
    private sealed class TwiceEach : IOperatorChain<int, int>
    {
        public string Name => "TwiceEach";

        public void Process(ReadOnlySpan<int> batch, ref OutputBuffer<int> output)
        {
            foreach (int value in batch)
            {
                output.Collect(value);
                output.Collect(value);
            }
        }
    }

    private struct ListCollector() : ICollector<int>
    {
        public List<int> Items { get; } = [];

        public readonly void Collect(in int value) => Items.Add(value);
    }
}
