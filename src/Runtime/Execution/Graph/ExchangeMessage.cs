namespace CompiledFlow.Execution;

internal enum ExchangeMessageKind
{
    Batch,
    Watermark,
    Idle,
    Barrier,
    End,
}

/// <summary>
/// What travels through a subtask's inbox: a batch (in an array rented from the pool, returned by
/// the subtask once processed), a producer's watermark (or, for a barrier, the checkpoint id), or the end of a producer's input.
/// </summary>
internal readonly record struct ExchangeMessage<T>(ExchangeMessageKind Kind, int Producer, T[]? Batch, int Count, long Watermark);
