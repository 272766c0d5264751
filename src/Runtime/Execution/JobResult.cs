namespace CompiledFlow;

/// <summary>What a completed job did.</summary>
/// <param name="RecordsRead">Records the source produced.</param>
/// <param name="RecordsWritten">Records the chain produced, written to every sink.</param>
/// <param name="Elapsed">Wall-clock time from start to commit.</param>
public sealed record JobResult(long RecordsRead, long RecordsWritten, TimeSpan Elapsed)
{
    /// <summary>Records dropped by windows because they came later than the watermark plus the allowed lateness.</summary>
    public long LateRecords { get; init; }

    /// <summary>What this run's checkpoints took (none without <see cref="JobOptions.CheckpointDirectory"/>, except the final commit).</summary>
    public CheckpointStatistics Checkpoints { get; init; } = new();

    /// <summary>The savepoint the job stopped with (<see cref="Job{TIn, TOut}.StopWithSavepointAsync"/>), or null when its input ended.</summary>
    public string? Savepoint { get; init; }
}
