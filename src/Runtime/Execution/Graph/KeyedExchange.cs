using System.Buffers;
using System.Runtime.CompilerServices;

namespace CompiledFlow.Execution;

/// <summary>
/// The edge into a keyed stage: routes each record to the subtask that owns its key
/// (<see cref="KeyHash.Partition{TKey}"/>), so all records of a key meet the same state, and
/// broadcasts watermarks, checkpoint barriers and ends to every subtask. Several producers may write at once; each
/// call partitions into arrays of its own.
/// </summary>
internal sealed class KeyedExchange<TKey, TValue, TOut> : IBatchTarget<Keyed<TKey, TValue>>, ISourceFusionTarget<Keyed<TKey, TValue>>
{
    private readonly KeyedSubtask<TKey, TValue, TOut>[] _subtasks;

    public KeyedExchange(GraphContext context, int stage, Func<IKeyedStage<TKey, TValue, TOut>> createStage, Func<int, IBatchTarget<TOut>> next, int producers)
    {
        int parallelism = context.Parallel ? context.Options.Parallelism : 1;
        IBatchTarget<TOut> downstream = next(parallelism);
        _subtasks = new KeyedSubtask<TKey, TValue, TOut>[parallelism];
        for (int i = 0; i < parallelism; i++)
        {
            _subtasks[i] = new KeyedSubtask<TKey, TValue, TOut>(context, stage, createStage(), downstream, new KeyOwnership(i, parallelism), producers, parallelism);
        }
    }

    public async ValueTask WriteAsync(int producer, ReadOnlyMemory<Keyed<TKey, TValue>> batch, CancellationToken cancellationToken)
    {
        if (_subtasks.Length == 1)
        {
            await _subtasks[0].DeliverAsync(producer, batch, cancellationToken).ConfigureAwait(false);
            return;
        }

        (Keyed<TKey, TValue>[][] parts, int[] counts) = Partition(batch.Span);
        try
        {
            for (int i = 0; i < parts.Length; i++)
            {
                if (counts[i] > 0)
                {
                    Keyed<TKey, TValue>[] part = parts[i];
                    parts[i] = null!; // handed over: the subtask returns it to the pool
                    await _subtasks[i].DeliverOwnedAsync(producer, part, counts[i], cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (Keyed<TKey, TValue>[] part in parts)
            {
                if (part is not null)
                {
                    ArrayPool<Keyed<TKey, TValue>>.Shared.Return(part);
                }
            }

            ArrayPool<int>.Shared.Return(counts);
        }
    }

    public bool TryProcess<TIn>(IOperatorChain<TIn, Keyed<TKey, TValue>> chain, ReadOnlySpan<TIn> batch, int producer, CancellationToken cancellationToken, out ValueTask flushed)
    {
        if (_subtasks.Length == 1)
        {
            return _subtasks[0].TryProcessFromSource(chain, batch, cancellationToken, out flushed);
        }

        var parts = new PartitioningCollector<TKey, TValue>(_subtasks.Length, batch.Length);
        try
        {
            chain.ProcessInto(batch, ref parts);
        }
        catch
        {
            parts.ReturnRemaining();
            throw;
        }

        flushed = DeliverAsync(producer, parts, cancellationToken);
        return true;
    }

    /// <summary>Hands each subtask its part (the subtask returns it to the pool) and returns the empty ones.</summary>
    private async ValueTask DeliverAsync(int producer, PartitioningCollector<TKey, TValue> parts, CancellationToken cancellationToken)
    {
        try
        {
            // From the producer's own subtask on: two producers then start on different subtasks, and
            // each tends to run the same one, whose state stays in its core's cache.
            for (int k = 0; k < _subtasks.Length; k++)
            {
                int i = (producer + k) % _subtasks.Length;
                if (parts.Counts[i] > 0)
                {
                    Keyed<TKey, TValue>[] part = parts.Parts[i];
                    parts.Parts[i] = null!; // handed over
                    await _subtasks[i].DeliverOwnedAsync(producer, part, parts.Counts[i], cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            parts.ReturnRemaining();
        }
    }

    public async ValueTask WatermarkAsync(int producer, long watermark, CancellationToken cancellationToken)
    {
        foreach (KeyedSubtask<TKey, TValue, TOut> subtask in _subtasks)
        {
            await subtask.WatermarkAsync(producer, watermark, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask IdleAsync(int producer, CancellationToken cancellationToken)
    {
        foreach (KeyedSubtask<TKey, TValue, TOut> subtask in _subtasks)
        {
            await subtask.IdleAsync(producer, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask BarrierAsync(int producer, long checkpointId, CancellationToken cancellationToken)
    {
        foreach (KeyedSubtask<TKey, TValue, TOut> subtask in _subtasks)
        {
            await subtask.BarrierAsync(producer, checkpointId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(int producer, CancellationToken cancellationToken)
    {
        foreach (KeyedSubtask<TKey, TValue, TOut> subtask in _subtasks)
        {
            await subtask.EndAsync(producer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Splits a batch by key into one pooled array per subtask, keeping the records' order.</summary>
    private (Keyed<TKey, TValue>[][] Parts, int[] Counts) Partition(ReadOnlySpan<Keyed<TKey, TValue>> batch)
    {
        int n = _subtasks.Length;
        int[] targets = ArrayPool<int>.Shared.Rent(batch.Length);
        int[] counts = ArrayPool<int>.Shared.Rent(n);
        Array.Clear(counts, 0, n);
        for (int i = 0; i < batch.Length; i++)
        {
            int target = KeyHash.Partition(batch[i].Key, n);
            targets[i] = target;
            counts[target]++;
        }

        var parts = new Keyed<TKey, TValue>[n][];
        for (int p = 0; p < n; p++)
        {
            parts[p] = counts[p] > 0 ? ArrayPool<Keyed<TKey, TValue>>.Shared.Rent(counts[p]) : null!;
            counts[p] = 0;
        }

        for (int i = 0; i < batch.Length; i++)
        {
            int target = targets[i];
            parts[target][counts[target]++] = batch[i];
        }

        ArrayPool<int>.Shared.Return(targets);
        return (parts, counts);
    }
}
