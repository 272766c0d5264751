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

    /// <summary>
    /// Where checkpoints are stored (null: no checkpoints). With a directory, the job takes a
    /// checkpoint every <see cref="CheckpointInterval"/>, and a job started on a directory that holds a
    /// complete checkpoint resumes from the newest one: sources continue from their positions, keyed
    /// state and windows are restored, and sinks finish or roll back what the earlier attempt left.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>How often a checkpoint is taken (default 1 s); only with a <see cref="CheckpointDirectory"/>.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many complete checkpoints are kept (default 3); older ones are deleted.</summary>
    public int CheckpointsRetained { get; init; } = 3;

    /// <summary>
    /// A savepoint (or checkpoint) folder to start from, instead of the newest checkpoint in
    /// <see cref="CheckpointDirectory"/>. It must be complete and intact: it is never skipped.
    /// </summary>
    public string? RestoreFrom { get; init; }

    /// <summary>Where the job reports refused checkpoints and stored ones (default: nowhere).</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    internal void Validate()
    {
        if (CheckpointInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointInterval), CheckpointInterval, "JobOptions.CheckpointInterval must be positive.");
        }

        if (CheckpointsRetained < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointsRetained), CheckpointsRetained, "JobOptions.CheckpointsRetained must be at least 1.");
        }

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
