namespace CompiledFlow;

/// <summary>
/// A bounded source over records already in memory. Batches are slices of the caller's memory:
/// nothing is copied. The records must not change while a job reads them.
/// </summary>
public sealed class CollectionSource<T>(ReadOnlyMemory<T> records) : ISource<T>
{
    /// <inheritdoc />
    public ISourceReader<T> Open() => new Reader(records);

    private sealed class Reader(ReadOnlyMemory<T> remaining) : ISourceReader<T>
    {
        public ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            ReadOnlyMemory<T> batch = remaining[..Math.Min(maxCount, remaining.Length)];
            remaining = remaining[batch.Length..];
            return ValueTask.FromResult(batch);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
