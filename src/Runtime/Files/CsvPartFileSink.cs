using CompiledFlow.Formats;

namespace CompiledFlow;

/// <summary>
/// An exactly-once sink writing records as UTF-8 CSV part files in a directory (Flink's
/// <c>FileSink</c>), one part per checkpoint that received records: <c>part-000007.csv</c> holds
/// the records written before checkpoint 7 and after the one before. Each part has the header
/// first (see <see cref="FileSinkOptions.WriteHeader"/>). A part is written as
/// <c>part-000007.csv.inprogress</c> and gets its final name only when its checkpoint is
/// committed; readers should take only <c>*.csv</c>. Without checkpoints (<see cref="Open"/>), a
/// job writes one part, committed when the job completes.
/// </summary>
public sealed class CsvPartFileSink<T, TFormat> : ITwoPhaseCommitSink<T>
    where TFormat : ICsvFormat<T>
{
    private readonly PartFileDirectory _parts;
    private readonly FileSinkOptions _options;

    /// <summary>Writes parts into <paramref name="directory"/>, created if missing.</summary>
    public CsvPartFileSink(string directory, FileSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        _parts = new PartFileDirectory(directory, ".csv");
        _options = options ?? FileSinkOptions.Default;
    }

    /// <summary>The directory written.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public ValueTask<ITwoPhaseCommitWriter<T>> OpenAsync(SinkRecovery recovery, CancellationToken cancellationToken)
    {
        _parts.Recover(recovery, cancellationToken);
        return ValueTask.FromResult<ITwoPhaseCommitWriter<T>>(
            new PartFileWriter<T>(_parts, new CsvRecordFormatter<T, TFormat>(_options.WriteHeader), recovery.CheckpointId + 1));
    }

    /// <inheritdoc />
    public ISinkWriter<T> Open() => new TwoPhaseCommitSinkWriter<T>(this);
}
