namespace CompiledFlow;

/// <summary>
/// One subtask of a keyed stage, implemented by the generator for each <c>[KeyBy]</c>: the keyed
/// operator (a window with its aggregate) fused with the stateless operators after it. Lifecycle:
/// the runtime creates one instance per subtask, calls <see cref="ProcessBatch"/> for every batch of
/// records routed to the subtask and <see cref="AdvanceWatermark"/> whenever the subtask's
/// watermark (the minimum over its inputs) advances, ending with <see cref="long.MaxValue"/> when
/// the input is bounded. One thread at a time calls an instance; it owns its state, which it writes
/// into checkpoints and restores from them through its keyed operator (<see cref="ICheckpointedOperator"/>).
/// </summary>
public interface IKeyedStage<TKey, TIn, TOut> : ICheckpointedOperator
{
    /// <summary>
    /// Processes records of this subtask's keys. Output goes to <paramref name="output"/>; records
    /// too late for every window they belong to go to <paramref name="late"/>.
    /// </summary>
    void ProcessBatch(ReadOnlySpan<Keyed<TKey, TIn>> batch, ref OutputBuffer<TOut> output, ref OutputBuffer<TIn> late);

    /// <summary>Fires what the new watermark completes (windows whose end it passed) into <paramref name="output"/>.</summary>
    void AdvanceWatermark(long watermark, ref OutputBuffer<TOut> output);
}
