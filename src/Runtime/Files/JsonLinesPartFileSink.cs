using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>
/// An exactly-once sink writing records as UTF-8 JSON Lines part files in a directory (Flink's
/// <c>FileSink</c>), one part per checkpoint that received records: <c>part-000007.jsonl</c> holds
/// the records written before checkpoint 7 and after the one before. A part is written as
/// <c>part-000007.jsonl.inprogress</c> and gets its final name only when its checkpoint is
/// committed; readers should take only <c>*.jsonl</c>. Without checkpoints (<see cref="Open"/>), a
/// job writes one part, committed when the job completes.
/// </summary>
public sealed class JsonLinesPartFileSink<T, TFormat> : ITwoPhaseCommitSink<T>
    where TFormat : IJsonLinesFormat<T>
{
    private readonly PartFileDirectory _parts;

    /// <summary>Writes parts into <paramref name="directory"/>, created if missing.</summary>
    public JsonLinesPartFileSink(string directory, FileSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        _parts = new PartFileDirectory(directory, ".jsonl");
        _ = options; // no option applies to JSON Lines yet; taken for symmetry with the CSV sink
    }

    /// <summary>The directory written.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public ValueTask<ITwoPhaseCommitWriter<T>> OpenAsync(SinkRecovery recovery, CancellationToken cancellationToken)
    {
        _parts.Recover(recovery, cancellationToken);
        return ValueTask.FromResult<ITwoPhaseCommitWriter<T>>(
            new PartFileWriter<T>(_parts, new JsonLinesRecordFormatter<T, TFormat>(), recovery.CheckpointId + 1));
    }

    /// <inheritdoc />
    public ISinkWriter<T> Open() => new TwoPhaseCommitSinkWriter<T>(this);
}
