namespace CompiledFlow;

/// <summary>
/// An operator threw while a job ran. In the source stage the message names the pipeline and the
/// range of input records (0-based positions in the source) of the batch that failed; in a keyed
/// stage it names the stage and subtask, since records there come from many source batches (except
/// when the first keyed stage runs fused with the source loop, at parallelism 1 with one split: then
/// a failure while adding records is reported as the source's). The operator's exception is the
/// inner exception.
/// </summary>
public sealed class PipelineException : Exception
{
    /// <summary>Creates the exception for a failed batch of the source stage.</summary>
    public PipelineException(string pipeline, long firstRecord, int batchLength, Exception inner)
        : base($"Pipeline '{pipeline}' failed on a record between input records {firstRecord} and {firstRecord + batchLength - 1}: {inner.Message}", inner)
    {
        Pipeline = pipeline;
        FirstRecord = firstRecord;
        Stage = "source stage";
    }

    /// <summary>Creates the exception for a failure in a keyed stage.</summary>
    public PipelineException(string pipeline, string stage, Exception inner)
        : base($"Pipeline '{pipeline}' failed in its {stage}: {inner.Message}", inner)
    {
        Pipeline = pipeline;
        FirstRecord = -1;
        Stage = stage;
    }

    /// <summary>The pipeline that failed.</summary>
    public string Pipeline { get; }

    /// <summary>The position in the source of the first record of the failed batch; -1 for a failure in a keyed stage.</summary>
    public long FirstRecord { get; }

    /// <summary>Where it failed: "source stage", or the keyed stage and subtask, e.g. "keyed stage Stage1, subtask 0".</summary>
    public string Stage { get; }
}
