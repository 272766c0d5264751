using System.Threading.Tasks.Dataflow;

namespace CompiledFlow.Benchmarks.Peers;

/// <summary>The workload written with TPL Dataflow, as a user of it would: bounded blocks, completion propagated.</summary>
public static class DataflowPeer
{
    private static readonly DataflowLinkOptions PropagateCompletion = new() { PropagateCompletion = true };

    /// <summary>
    /// One message per record: a buffer whose link predicate is the filter (rejected records go
    /// to a null target), a transform block for the map, an action block for the sum.
    /// </summary>
    public static async Task<double> SumPerRecordAsync(Bid[] bids, int capacity)
    {
        var input = new BufferBlock<Bid>(new DataflowBlockOptions { BoundedCapacity = capacity });
        var toEuros = new TransformBlock<Bid, double>(b => b.Price * 0.908, new ExecutionDataflowBlockOptions { BoundedCapacity = capacity });
        var total = new Total();
        var sum = new ActionBlock<double>(total.Add, new ExecutionDataflowBlockOptions { BoundedCapacity = capacity });

        input.LinkTo(toEuros, PropagateCompletion, b => b.Price % 7 != 0);
        // The inverse predicate matters: a catch-all null target would swallow records the
        // bounded transform block postpones while it is full.
        input.LinkTo(DataflowBlock.NullTarget<Bid>(), b => b.Price % 7 == 0);
        toEuros.LinkTo(sum, PropagateCompletion);

        foreach (Bid bid in bids)
        {
            await input.SendAsync(bid).ConfigureAwait(false);
        }

        input.Complete();
        await sum.Completion.ConfigureAwait(false);
        return total.Sum;
    }

    /// <summary>
    /// One message per batch of <paramref name="batchSize"/> records (slices of the input, not
    /// copies): a transform block filters and maps a batch into a new array, an action block sums it.
    /// </summary>
    public static async Task<double> SumBatchedAsync(Bid[] bids, int batchSize, int capacity)
    {
        var input = new BufferBlock<ReadOnlyMemory<Bid>>(new DataflowBlockOptions { BoundedCapacity = capacity });
        var toEuros = new TransformBlock<ReadOnlyMemory<Bid>, double[]>(FilterAndMap, new ExecutionDataflowBlockOptions { BoundedCapacity = capacity });
        var total = new Total();
        var sum = new ActionBlock<double[]>(total.AddAll, new ExecutionDataflowBlockOptions { BoundedCapacity = capacity });
        input.LinkTo(toEuros, PropagateCompletion);
        toEuros.LinkTo(sum, PropagateCompletion);

        for (int start = 0; start < bids.Length; start += batchSize)
        {
            await input.SendAsync(bids.AsMemory(start, Math.Min(batchSize, bids.Length - start))).ConfigureAwait(false);
        }

        input.Complete();
        await sum.Completion.ConfigureAwait(false);
        return total.Sum;
    }

    private static double[] FilterAndMap(ReadOnlyMemory<Bid> batch)
    {
        ReadOnlySpan<Bid> bids = batch.Span;
        int kept = 0;
        foreach (ref readonly Bid b in bids)
        {
            if (b.Price % 7 != 0)
            {
                kept++;
            }
        }

        var euros = new double[kept];
        int i = 0;
        foreach (ref readonly Bid b in bids)
        {
            if (b.Price % 7 != 0)
            {
                euros[i++] = b.Price * 0.908;
            }
        }

        return euros;
    }

    /// <summary>The running sum an action block adds into (the block runs one message at a time).</summary>
    private sealed class Total
    {
        public double Sum;

        public void Add(double value) => Sum += value;

        public void AddAll(double[] values)
        {
            double sum = Sum;
            foreach (double value in values)
            {
                sum += value;
            }

            Sum = sum;
        }
    }
}
