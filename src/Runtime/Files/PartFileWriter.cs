namespace CompiledFlow;

/// <summary>
/// One run's writer of a part-file sink. Each transaction is one part of the
/// <see cref="PartFileDirectory"/>, named by the checkpoint expected to end it (the one after the
/// restored or the last pre-committed checkpoint) and created on its first record, so a transaction
/// without records leaves no file. Lifecycle of a part: written as <c>part-000007.csv.inprogress</c>;
/// <see cref="PreCommitAsync"/> flushes, fsyncs and closes it and returns its name;
/// <see cref="CommitAsync"/> renames it to <c>part-000007.csv</c>. <see cref="DisposeAsync"/> deletes
/// the part still being written; pre-committed parts stay for a commit or for recovery.
/// </summary>
internal sealed class PartFileWriter<T> : ITwoPhaseCommitWriter<T>
{
    private readonly PartFileDirectory _directory;
    private readonly RecordFormatter<T> _formatter;
    private long _transaction; // the checkpoint expected to end the current transaction
    private AtomicFile? _part; // the current transaction's file, once it has a record
    private bool _disposed;

    /// <summary>Writes into <paramref name="directory"/>, recovered already, starting with the transaction of checkpoint <paramref name="firstTransaction"/>.</summary>
    public PartFileWriter(PartFileDirectory directory, RecordFormatter<T> formatter, long firstTransaction)
    {
        _directory = directory;
        _formatter = formatter;
        _transaction = firstTransaction;
    }

    /// <inheritdoc />
    public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return batch.IsEmpty
            ? ValueTask.CompletedTask
            : _formatter.WriteAsync(batch, _part ?? StartPart(), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<string?> PreCommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (checkpointId < _transaction)
        {
            throw new ArgumentOutOfRangeException(nameof(checkpointId), checkpointId,
                $"The transaction open in '{_directory.Path}' belongs to checkpoint {_transaction} or later: checkpoint ids must increase.");
        }

        string? name = null;
        if (_part is { } part)
        {
            await _formatter.FlushAsync(part, cancellationToken).ConfigureAwait(false);
            await part.PreCommitAsync(cancellationToken).ConfigureAwait(false);
            _part = null;
            name = Path.GetFileName(part.TempPath);
        }

        _transaction = checkpointId + 1;
        return name;
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(IReadOnlyList<string> transactions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        foreach (string name in transactions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _directory.Commit(name);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _formatter.Dispose();
        if (_part is { } part)
        {
            _part = null;
            await part.DisposeAsync().ConfigureAwait(false);
        }
    }

    private AtomicFile StartPart()
    {
        var part = new AtomicFile(_directory.FinalPath(_transaction), _directory.PendingPath(_transaction));
        _formatter.BeginFile();
        _part = part;
        return part;
    }
}
