namespace Nexmark.Queries;

/// <summary>The event-time settings every query with event time shares.</summary>
public static class QueryTime
{
    /// <summary>
    /// The watermark delay of every query's <c>[EventTime]</c>: nexmark/nexmark declares
    /// <c>WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND</c>. It covers every generator
    /// configuration whose <see cref="GeneratorConfig.MaxOutOfOrdernessMs"/> is at most this (among them
    /// NEXMark's 3 s occasional delays together with out-of-order groups spanning up to 500 ms of
    /// event time), so such a run sees no late event. An attribute argument must be a constant: hence
    /// a constant here, and a check of the bound where a configuration is chosen (QueryTests).
    /// </summary>
    public const long MaxOutOfOrdernessMs = 4_000;

    /// <summary>
    /// How far a source split's watermark may run ahead of the slowest split's (Flink's watermark
    /// alignment). The generator makes 10,000 events per second of event time, so two source threads
    /// drift apart by seconds of event time whenever one of them waits a few milliseconds for a core,
    /// and the keyed stages, whose watermark is the slower split's, keep state for all of it. One
    /// second is about one 4,096-event batch per split at parallelism 2. Q7, whose only keyed state
    /// fed by every split is one partial result per split and window, does without.
    /// </summary>
    public const long MaxWatermarkDriftMs = 1_000;

    /// <summary>
    /// The drift allowed to Q8, whose window join keeps only the people and sellers of the open 10 s
    /// windows: four seconds of drift add less than half a window of them, while a split held within
    /// one second of the other, about one batch, waits after nearly every batch (Q8 generated at
    /// parallelism 2 went from 1.6x parallelism 1 to 2.0x in a scratch measurement; Q6 and Q11, whose
    /// per-key state grows with the drift, went the other way).
    /// </summary>
    public const long LooseWatermarkDriftMs = 4_000;
}
