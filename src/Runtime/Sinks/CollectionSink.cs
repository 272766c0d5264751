namespace CompiledFlow;

/// <summary>
/// A sink that appends output records to a list in memory. Records appear in <see cref="Items"/>
/// only when they are committed: at the end of the job, or, with checkpoints, when a checkpoint
/// holding them is stored. In a checkpointed job it is exactly-once for as long as the sink object
/// lives (a job restarted in the same process with the same sink): its transactions are kept in the
/// object, not on disk.
/// </summary>
public sealed class CollectionSink<T> : ITwoPhaseCommitSink<T>
{
    private readonly List<T> _items = [];
    private readonly Dictionary<string, List<T>> _preCommitted = [];
    private int _writers;

    /// <summary>The committed records, in output order.</summary>
    public IReadOnlyList<T> Items => _items;

    /// <inheritdoc />
    public ISinkWriter<T> Open() => new PlainWriter(this);

    /// <inheritdoc />
    public ValueTask<ITwoPhaseCommitWriter<T>> OpenAsync(SinkRecovery recovery, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            Commit(recovery.PreCommitted);
            _preCommitted.Clear(); // what an earlier run pre-committed after the restored checkpoint: aborted
            return ValueTask.FromResult<ITwoPhaseCommitWriter<T>>(new Writer(this, ++_writers));
        }
    }

    private void Commit(IEnumerable<string> transactions)
    {
        foreach (string transaction in transactions)
        {
            if (_preCommitted.Remove(transaction, out List<T>? records))
            {
                _items.AddRange(records);
            }
        }
    }

    private sealed class Writer(CollectionSink<T> sink, int writer) : ITwoPhaseCommitWriter<T>
    {
        private List<T> _open = [];

        public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
        {
            _open.AddRange(batch.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask<string?> PreCommitAsync(long checkpointId, CancellationToken cancellationToken)
        {
            if (_open.Count == 0)
            {
                return ValueTask.FromResult<string?>(null);
            }

            string name = $"writer-{writer}-checkpoint-{checkpointId}";
            lock (sink._items)
            {
                sink._preCommitted[name] = _open;
            }

            _open = [];
            return ValueTask.FromResult<string?>(name);
        }

        public ValueTask CommitAsync(IReadOnlyList<string> transactions, CancellationToken cancellationToken)
        {
            lock (sink._items)
            {
                sink.Commit(transactions);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class PlainWriter(CollectionSink<T> sink) : ISinkWriter<T>
    {
        private readonly List<T> _pending = [];

        public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
        {
            _pending.AddRange(batch.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            lock (sink._items)
            {
                sink._items.AddRange(_pending);
            }

            _pending.Clear();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
