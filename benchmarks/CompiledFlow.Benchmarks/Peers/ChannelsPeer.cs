using System.Threading.Channels;

namespace CompiledFlow.Benchmarks.Peers;

/// <summary>
/// The workload as a System.Threading.Channels pipeline: the caller writes into a bounded
/// single-producer/single-consumer channel, a consumer task filters, maps and sums.
/// </summary>
public static class ChannelsPeer
{
    /// <summary>One channel item per record.</summary>
    public static async Task<double> SumPerRecordAsync(Bid[] bids, int capacity)
    {
        Channel<Bid> channel = CreateChannel<Bid>(capacity);
        Task<double> consumer = Task.Run(() => SumRecordsAsync(channel.Reader));
        await WriteAllAsync(channel.Writer, bids).ConfigureAwait(false);
        return await consumer.ConfigureAwait(false);
    }

    /// <summary>One channel item per batch of <paramref name="batchSize"/> records (slices of the input, not copies).</summary>
    public static async Task<double> SumBatchedAsync(Bid[] bids, int batchSize, int capacity)
    {
        Channel<ReadOnlyMemory<Bid>> channel = CreateChannel<ReadOnlyMemory<Bid>>(capacity);
        Task<double> consumer = Task.Run(() => SumBatchesAsync(channel.Reader));
        ChannelWriter<ReadOnlyMemory<Bid>> writer = channel.Writer;
        for (int start = 0; start < bids.Length; start += batchSize)
        {
            ReadOnlyMemory<Bid> batch = bids.AsMemory(start, Math.Min(batchSize, bids.Length - start));
            if (!writer.TryWrite(batch))
            {
                await writer.WriteAsync(batch).ConfigureAwait(false);
            }
        }

        writer.Complete();
        return await consumer.ConfigureAwait(false);
    }

    /// <summary>One channel item per record, into a list.</summary>
    public static async Task<List<double>> ToListPerRecordAsync(Bid[] bids, int capacity)
    {
        Channel<Bid> channel = CreateChannel<Bid>(capacity);
        Task<List<double>> consumer = Task.Run(() => CollectRecordsAsync(channel.Reader));
        await WriteAllAsync(channel.Writer, bids).ConfigureAwait(false);
        return await consumer.ConfigureAwait(false);
    }

    private static Channel<T> CreateChannel<T>(int capacity) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    private static async Task WriteAllAsync(ChannelWriter<Bid> writer, Bid[] bids)
    {
        foreach (Bid bid in bids)
        {
            if (!writer.TryWrite(bid))
            {
                await writer.WriteAsync(bid).ConfigureAwait(false);
            }
        }

        writer.Complete();
    }

    private static async Task<double> SumRecordsAsync(ChannelReader<Bid> reader)
    {
        double sum = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out Bid b))
            {
                if (b.Price % 7 != 0)
                {
                    sum += b.Price * 0.908;
                }
            }
        }

        return sum;
    }

    private static async Task<double> SumBatchesAsync(ChannelReader<ReadOnlyMemory<Bid>> reader)
    {
        double sum = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out ReadOnlyMemory<Bid> batch))
            {
                sum = SumBatch(batch.Span, sum);
            }
        }

        return sum;
    }

    private static double SumBatch(ReadOnlySpan<Bid> batch, double sum)
    {
        foreach (ref readonly Bid b in batch)
        {
            if (b.Price % 7 != 0)
            {
                sum += b.Price * 0.908;
            }
        }

        return sum;
    }

    private static async Task<List<double>> CollectRecordsAsync(ChannelReader<Bid> reader)
    {
        var list = new List<double>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out Bid b))
            {
                if (b.Price % 7 != 0)
                {
                    list.Add(b.Price * 0.908);
                }
            }
        }

        return list;
    }
}
