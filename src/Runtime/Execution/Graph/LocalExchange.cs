namespace CompiledFlow.Execution;

/// <summary>
/// The edge into a local keyed stage (<c>[KeyBy(Local = true)]</c>): records stay with the task that
/// made them. Each producer (a source split, or a subtask of the stage before) has a subtask of its
/// own, which it runs itself, fused with its chain when it is a source; that subtask keeps the state
/// of the keys this producer sends, merges nothing from other producers and takes its watermark
/// alone. This is the first half of Flink's local-global aggregation: a later <c>[KeyBy]</c> brings
/// the producers' partial results of a key together. The next stage has one producer per local subtask.
/// </summary>
internal sealed class LocalExchange<TKey, TValue, TOut> : IBatchTarget<Keyed<TKey, TValue>>, ISourceFusionTarget<Keyed<TKey, TValue>>
{
    // A local subtask has one producer: every message reaches it as producer 0.
    private const int OnlyProducer = 0;

    private readonly KeyedSubtask<TKey, TValue, TOut>[] _subtasks;

    public LocalExchange(GraphContext context, int stage, Func<IKeyedStage<TKey, TValue, TOut>> createStage, Func<int, IBatchTarget<TOut>> next, int producers)
    {
        IBatchTarget<TOut> downstream = next(producers);
        _subtasks = new KeyedSubtask<TKey, TValue, TOut>[producers];
        for (int i = 0; i < producers; i++)
        {
            _subtasks[i] = new KeyedSubtask<TKey, TValue, TOut>(context, stage, createStage(), downstream, new KeyOwnership(i, producers), producers: 1, subtasks: producers, local: true);
        }
    }

    public ValueTask WriteAsync(int producer, ReadOnlyMemory<Keyed<TKey, TValue>> batch, CancellationToken cancellationToken) =>
        _subtasks[producer].DeliverAsync(OnlyProducer, batch, cancellationToken);

    public bool TryProcess<TIn>(IOperatorChain<TIn, Keyed<TKey, TValue>> chain, ReadOnlySpan<TIn> batch, int producer, CancellationToken cancellationToken, out ValueTask flushed) =>
        _subtasks[producer].TryProcessFromSource(chain, batch, cancellationToken, out flushed);

    public ValueTask WatermarkAsync(int producer, long watermark, CancellationToken cancellationToken) =>
        _subtasks[producer].WatermarkAsync(OnlyProducer, watermark, cancellationToken);

    public ValueTask IdleAsync(int producer, CancellationToken cancellationToken) =>
        _subtasks[producer].IdleAsync(OnlyProducer, cancellationToken);

    public ValueTask BarrierAsync(int producer, long checkpointId, CancellationToken cancellationToken) =>
        _subtasks[producer].BarrierAsync(OnlyProducer, checkpointId, cancellationToken);

    public ValueTask CompleteAsync(int producer, CancellationToken cancellationToken) =>
        _subtasks[producer].EndAsync(OnlyProducer, cancellationToken);
}
