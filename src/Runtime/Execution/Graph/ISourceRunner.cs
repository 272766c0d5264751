namespace CompiledFlow.Execution;

/// <summary>The task at the head of a job graph, whatever its source chain produces.</summary>
internal interface ISourceRunner<TIn>
{
    long RecordsRead { get; }

    Task RunAsync(ISource<TIn> source, GraphContext context);
}
