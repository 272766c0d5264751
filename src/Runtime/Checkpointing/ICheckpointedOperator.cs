namespace CompiledFlow;

/// <summary>
/// A keyed operator whose state goes into checkpoints: its keyed state, window contents, timers and
/// watermark. <see cref="Snapshot"/> runs on the operator's own thread between two batches, so it
/// sees a consistent state; it copies the state into the writer and returns (the checkpoint is
/// stored later, on another thread). <see cref="Restore"/> runs on a new, empty operator before any
/// record, once for every subtask snapshot of the run being restored (whatever its parallelism), and
/// keeps only the entries whose keys the given <see cref="KeyOwnership"/> owns.
/// </summary>
public interface ICheckpointedOperator
{
    /// <summary>Writes the operator's whole state.</summary>
    void Snapshot(StateWriter state);

    /// <summary>Adds the entries of one snapshot whose keys this subtask owns, and takes its watermark.</summary>
    void Restore(StateReader state, KeyOwnership owner);
}
