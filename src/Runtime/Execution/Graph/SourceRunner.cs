namespace CompiledFlow.Execution;

/// <summary>
/// The head of a job graph: one <see cref="SourceTask{TIn, TOut}"/> per split of the source
/// (a source without splits is one split), each with its own chain, running concurrently. With
/// checkpoints, every split must be an <see cref="IRestorableSource{T}"/>; a restored run must have
/// as many splits as the checkpoint. With a <c>MaxWatermarkDriftMs</c>, the splits share one
/// <see cref="WatermarkAlignment"/>.
/// </summary>
internal sealed class SourceRunner<TIn, TOut>(Func<IOperatorChain<TIn, TOut>> createChain, Func<int, IBatchTarget<TOut>> next) : ISourceRunner<TIn>
{
    private SourceTask<TIn, TOut>[] _tasks = [];

    public long RecordsRead => _tasks.Sum(task => task.RecordsRead);

    public async Task RunAsync(ISource<TIn> source, GraphContext context)
    {
        IReadOnlyList<ISource<TIn>> splits = source is ISplitSource<TIn> split ? split.Splits : [source];
        SourceState?[] restored = Restore(splits, context);
        IBatchTarget<TOut> target = next(splits.Count);
        IOperatorChain<TIn, TOut>[] chains = [.. Enumerable.Range(0, splits.Count).Select(_ => createChain())];
        long maxDrift = chains[0].MaxWatermarkDriftMs;
        WatermarkAlignment? alignment = splits.Count > 1 && maxDrift > 0 ? new WatermarkAlignment(splits.Count, maxDrift) : null;
        _tasks = [.. chains.Select((chain, i) => new SourceTask<TIn, TOut>(chain, target, i, onlySplit: splits.Count == 1, alignment))];
        int[] participants = [.. Enumerable.Range(0, splits.Count).Select(i => context.Checkpoints.Register($"source-{i}"))];
        context.Checkpoints.Open(); // the sources are the last tasks to register
        if (_tasks.Length == 1)
        {
            await _tasks[0].RunAsync(splits[0], context, participants[0], restored[0]).ConfigureAwait(false);
            return;
        }

        await Task.WhenAll(_tasks.Select(task => Task.Run(async () =>
        {
            try
            {
                int i = task.Producer;
                await task.RunAsync(splits[i], context, participants[i], restored[i]).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                context.Fail(e);
                throw;
            }
        }))).ConfigureAwait(false);
    }

    private static SourceState?[] Restore(IReadOnlyList<ISource<TIn>> splits, GraphContext context)
    {
        var states = new SourceState?[splits.Count];
        bool checkpointed = context.Checkpoints.Enabled || context.Checkpoints.Restored is not null;
        for (int i = 0; i < splits.Count; i++)
        {
            if (checkpointed && splits[i] is not IRestorableSource<TIn>)
            {
                throw new CheckpointException(
                    $"Split {i} of the source ({splits[i].GetType().Name}) cannot be restarted from a position, so the job cannot take checkpoints: checkpointed sources implement IRestorableSource<T>.");
            }
        }

        if (context.Checkpoints.Restored is not { } image)
        {
            return states;
        }

        KeyValuePair<string, byte[]>[] saved = [.. image.WithPrefix("source-")];
        if (saved.Length != splits.Count)
        {
            throw new CheckpointException(
                $"The checkpoint in '{image.Location}' holds {saved.Length} source splits; the job's source has {splits.Count}. A job restores only onto the same splits.");
        }

        for (int i = 0; i < splits.Count; i++)
        {
            string name = $"source-{i}";
            states[i] = image.Files.TryGetValue(name + ".state", out byte[]? data)
                ? SourceState.Decode(data, name)
                : throw new CheckpointException($"The checkpoint in '{image.Location}' has no state for {name}.");
        }

        return states;
    }
}
