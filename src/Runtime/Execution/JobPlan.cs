using CompiledFlow.Execution;

namespace CompiledFlow;

/// <summary>
/// The shape of a job, built by generated code: the source chain (the operators before the first
/// <c>[KeyBy]</c>) and the keyed stages after it, each typed by what flows into it. Building the
/// plan creates nothing; <see cref="Job{TIn, TOut}"/> instantiates the tasks for each run.
/// </summary>
public static class JobPlan
{
    /// <summary>Starts a plan with the source chain; <paramref name="createChain"/> is called once per source reader.</summary>
    public static JobPlan<TIn, TOut> Source<TIn, TOut>(Func<IOperatorChain<TIn, TOut>> createChain) =>
        new(createChain().Name, 0, (context, next) => new SourceRunner<TIn, TOut>(createChain, next));

    /// <summary>
    /// Adds a keyed stage: records are routed by key to the stage's subtasks, one instance of
    /// <paramref name="createStage"/> per subtask.
    /// </summary>
    public static JobPlan<TIn, TOut> KeyBy<TIn, TKey, TValue, TOut>(
        this JobPlan<TIn, Keyed<TKey, TValue>> plan, Func<IKeyedStage<TKey, TValue, TOut>> createStage) =>
        new(plan.Name, plan.Stages + 1, (context, next) => plan.Build(context, producers => new KeyedExchange<TKey, TValue, TOut>(context, plan.Stages + 1, createStage, next, producers)));

    /// <summary>
    /// Adds a local keyed stage (<c>[KeyBy(Local = true)]</c>): each producer of the stage before (each
    /// source split) keeps its records and runs a subtask of its own, one instance of
    /// <paramref name="createStage"/> each, with the state of the keys it sends. Flink's local
    /// aggregation: a later keyed stage merges the producers' partial results.
    /// </summary>
    public static JobPlan<TIn, TOut> LocalKeyBy<TIn, TKey, TValue, TOut>(
        this JobPlan<TIn, Keyed<TKey, TValue>> plan, Func<IKeyedStage<TKey, TValue, TOut>> createStage) =>
        new(plan.Name, plan.Stages + 1, (context, next) => plan.Build(context, producers => new LocalExchange<TKey, TValue, TOut>(context, plan.Stages + 1, createStage, next, producers)));
}

/// <summary>A job plan whose source reads <typeparamref name="TIn"/> and whose last stage produces <typeparamref name="TOut"/>.</summary>
public sealed class JobPlan<TIn, TOut>
{
    private readonly Func<GraphContext, Func<int, IBatchTarget<TOut>>, ISourceRunner<TIn>> _build;

    internal JobPlan(string name, int stages, Func<GraphContext, Func<int, IBatchTarget<TOut>>, ISourceRunner<TIn>> build)
    {
        Name = name;
        Stages = stages;
        _build = build;
    }

    /// <summary>The number of keyed stages, numbered from 1 as in the generated <c>StageN</c> classes.</summary>
    public int Stages { get; }

    /// <summary>The pipeline's name, used in errors.</summary>
    public string Name { get; }

    /// <summary>
    /// Creates the tasks of one run. <paramref name="next"/> gives the target of the last stage for
    /// the number of producers feeding it.
    /// </summary>
    internal ISourceRunner<TIn> Build(GraphContext context, Func<int, IBatchTarget<TOut>> next) => _build(context, next);
}
