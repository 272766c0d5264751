namespace CompiledFlow;

/// <summary>
/// One write of a single-file sink: a <see cref="RecordFormatter{T}"/> formats the records into an
/// <see cref="AtomicFile"/>, which appears at its path on commit; disposing without a commit
/// deletes it.
/// </summary>
internal sealed class FileSinkWriter<T> : ISinkWriter<T>
{
    private readonly AtomicFile _file;
    private readonly RecordFormatter<T> _formatter;

    /// <summary>Writes into <paramref name="file"/>, starting it with what <paramref name="formatter"/> begins a file with.</summary>
    public FileSinkWriter(AtomicFile file, RecordFormatter<T> formatter)
    {
        _file = file;
        _formatter = formatter;
        formatter.BeginFile();
    }

    /// <inheritdoc />
    public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken) =>
        _formatter.WriteAsync(batch, _file, cancellationToken);

    /// <inheritdoc />
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        await _formatter.FlushAsync(_file, cancellationToken).ConfigureAwait(false);
        await _file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _formatter.Dispose();
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
