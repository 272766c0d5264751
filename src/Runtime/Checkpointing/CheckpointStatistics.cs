namespace CompiledFlow;

/// <summary>What the checkpoints of one job run took: counted by the job, read from <see cref="JobResult.Checkpoints"/>.</summary>
public sealed class CheckpointStatistics
{
    private readonly object _lock = new();

    /// <summary>Checkpoints stored and committed in this run (the final one included).</summary>
    public int Completed { get; private set; }

    /// <summary>The id of the last completed checkpoint (0 for none).</summary>
    public long LastId { get; private set; }

    /// <summary>The longest time from triggering a checkpoint to its commit.</summary>
    public TimeSpan LongestDuration { get; private set; }

    /// <summary>
    /// The longest time one task held its processing for a checkpoint: waiting for barriers from
    /// its other inputs (alignment) plus writing its state.
    /// </summary>
    public TimeSpan LongestPause { get; private set; }

    /// <summary>The stored size of the last completed checkpoint, in bytes.</summary>
    public long LastBytes { get; private set; }

    /// <summary>The checkpoint or savepoint this run restored (its folder), or null for a fresh start.</summary>
    public string? RestoredFrom { get; internal set; }

    internal void Record(long id, TimeSpan duration, TimeSpan pause, long bytes)
    {
        lock (_lock)
        {
            Completed++;
            LastId = id;
            LongestDuration = duration > LongestDuration ? duration : LongestDuration;
            LongestPause = pause > LongestPause ? pause : LongestPause;
            LastBytes = bytes;
        }
    }
}
