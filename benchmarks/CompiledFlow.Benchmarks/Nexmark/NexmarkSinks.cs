namespace CompiledFlow.Benchmarks.NexmarkThroughput;

/// <summary>
/// The sink of the measured runs: counts rows and keeps nothing, as nexmark/nexmark's Flink
/// queries write to a <c>blackhole</c> connector. One interface call per batch.
/// </summary>
public sealed class CountingSink<T> : ISink<T>
{
    /// <summary>Set when the job commits.</summary>
    public long Count { get; private set; }

    public ISinkWriter<T> Open() => new Writer(this);

    private sealed class Writer(CountingSink<T> sink) : ISinkWriter<T>
    {
        private long _count;

        public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
        {
            _count += batch.Length;
            return ValueTask.CompletedTask;
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            sink.Count = _count;
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// The sink of the untimed check: the row count and the sum of the rows' hash codes (every field,
/// strings by content), which does not depend on the order the subtasks emit rows in.
/// </summary>
public sealed class HashingSink<T> : ISink<T>
{
    /// <summary>Set when the job commits.</summary>
    public (long Rows, long HashSum) Result { get; private set; }

    public ISinkWriter<T> Open() => new Writer(this);

    private sealed class Writer(HashingSink<T> sink) : ISinkWriter<T>
    {
        private long _count;
        private long _hash;

        public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
        {
            foreach (T row in batch.Span)
            {
                _hash = unchecked(_hash + EqualityComparer<T>.Default.GetHashCode(row!));
            }

            _count += batch.Length;
            return ValueTask.CompletedTask;
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            sink.Result = (_count, _hash);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
