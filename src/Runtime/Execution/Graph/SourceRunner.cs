namespace CompiledFlow.Execution;

/// <summary>
/// The head of a job graph: one <see cref="SourceTask{TIn, TOut}"/> per split of the source
/// (a source without splits is one split), each with its own chain, running concurrently.
/// </summary>
internal sealed class SourceRunner<TIn, TOut>(Func<IOperatorChain<TIn, TOut>> createChain, Func<int, IBatchTarget<TOut>> next) : ISourceRunner<TIn>
{
    private SourceTask<TIn, TOut>[] _tasks = [];

    public long RecordsRead => _tasks.Sum(task => task.RecordsRead);

    public async Task RunAsync(ISource<TIn> source, GraphContext context)
    {
        IReadOnlyList<ISource<TIn>> splits = source is ISplitSource<TIn> split ? split.Splits : [source];
        IBatchTarget<TOut> target = next(splits.Count);
        _tasks = [.. Enumerable.Range(0, splits.Count).Select(i => new SourceTask<TIn, TOut>(createChain(), target, i, onlySplit: splits.Count == 1))];
        if (_tasks.Length == 1)
        {
            await _tasks[0].RunAsync(splits[0], context).ConfigureAwait(false);
            return;
        }

        await Task.WhenAll(_tasks.Select(task => Task.Run(async () =>
        {
            try
            {
                await task.RunAsync(splits[task.Producer], context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                context.Fail(e);
                throw;
            }
        }))).ConfigureAwait(false);
    }
}
