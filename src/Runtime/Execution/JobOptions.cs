namespace CompiledFlow;

/// <summary>How a job runs.</summary>
public sealed record JobOptions
{
    /// <summary>The options a job has unless told otherwise.</summary>
    public static JobOptions Default { get; } = new();

    /// <summary>
    /// Records per batch read from the source and pushed through the fused chain (default 4096:
    /// a batch of small records stays in the CPU cache between the chain and the sinks).
    /// </summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>
    /// Subtasks per keyed stage (default: the processor count). Records are routed to subtasks by
    /// key, each subtask runs on its own task, and bounded queues between them give back-pressure.
    /// At 1, the whole job runs on the caller's task, in a deterministic order.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    internal void Validate()
    {
        if (Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "JobOptions.Parallelism must be at least 1.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "JobOptions.BatchSize must be at least 1.");
        }
    }
}
