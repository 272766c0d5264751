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

    internal void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "JobOptions.BatchSize must be at least 1.");
        }
    }
}
