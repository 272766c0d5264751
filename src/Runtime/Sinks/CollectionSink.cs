namespace CompiledFlow;

/// <summary>
/// A sink that appends output records to a list in memory. Records appear in
/// <see cref="Items"/> only when the job commits, as with every other sink.
/// </summary>
public sealed class CollectionSink<T> : ISink<T>
{
    private readonly List<T> _items = [];

    /// <summary>The committed records, in output order.</summary>
    public IReadOnlyList<T> Items => _items;

    /// <inheritdoc />
    public ISinkWriter<T> Open() => new Writer(_items);

    private sealed class Writer(List<T> target) : ISinkWriter<T>
    {
        private readonly List<T> _pending = [];

        public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
        {
            _pending.AddRange(batch.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            lock (target)
            {
                target.AddRange(_pending);
            }
            _pending.Clear();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
