namespace CompiledFlow.Benchmarks;

/// <summary>A sink that drops every batch: what a job costs without its sink's work.</summary>
public sealed class DiscardingSink<T> : ISink<T>
{
    /// <inheritdoc />
    public ISinkWriter<T> Open() => new Writer();

    private sealed class Writer : ISinkWriter<T>
    {
        public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
