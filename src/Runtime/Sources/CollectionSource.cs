namespace CompiledFlow;

/// <summary>
/// A bounded source over records already in memory. Batches are slices of the caller's memory:
/// nothing is copied. The records must not change while a job reads them. Its position is the
/// index of the next record, so a checkpointed job restarts it where it was.
/// </summary>
public sealed class CollectionSource<T>(ReadOnlyMemory<T> records) : IRestorableSource<T>
{
    /// <inheritdoc />
    public ISourceReader<T> Open() => new Reader(records, 0);

    /// <inheritdoc />
    public ISourceReader<T> Open(long position) =>
        position >= 0 && position <= records.Length
            ? new Reader(records[(int)position..], position)
            : throw new CheckpointException($"A checkpoint puts a memory source at record {position}, but it holds {records.Length} records.");

    private sealed class Reader(ReadOnlyMemory<T> remaining, long position) : ISourceReader<T>, IPositionedReader
    {
        public long Position => position;

        public ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            ReadOnlyMemory<T> batch = remaining[..Math.Min(maxCount, remaining.Length)];
            remaining = remaining[batch.Length..];
            position += batch.Length;
            return ValueTask.FromResult(batch);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
