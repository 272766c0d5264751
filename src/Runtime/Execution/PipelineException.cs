namespace CompiledFlow;

/// <summary>
/// An operator threw while a job ran. The message names the pipeline and the range of input
/// records (0-based positions in the source) of the batch that failed; the operator's exception is
/// the inner exception.
/// </summary>
public sealed class PipelineException : Exception
{
    /// <summary>Creates the exception for a failed batch.</summary>
    public PipelineException(string pipeline, long firstRecord, int batchLength, Exception inner)
        : base($"Pipeline '{pipeline}' failed on a record between input records {firstRecord} and {firstRecord + batchLength - 1}: {inner.Message}", inner)
    {
        Pipeline = pipeline;
        FirstRecord = firstRecord;
    }

    /// <summary>The pipeline that failed.</summary>
    public string Pipeline { get; }

    /// <summary>The position in the source of the first record of the failed batch.</summary>
    public long FirstRecord { get; }
}
