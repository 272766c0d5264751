namespace CompiledFlow.Tests.Keyed;

/// <summary>Collects <c>(End, Count)</c> window results and signals the first batch that reaches it.</summary>
internal sealed class SignallingSink : ISink<(long End, long Count)>
{
    private readonly List<(long, long)> _records = [];

    public TaskCompletionSource FirstOutput { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<(long, long)> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public ISinkWriter<(long End, long Count)> Open() => new Writer(this);

    private sealed class Writer(SignallingSink owner) : ISinkWriter<(long End, long Count)>
    {
        public ValueTask WriteBatchAsync(ReadOnlyMemory<(long End, long Count)> batch, CancellationToken cancellationToken)
        {
            lock (owner._records)
            {
                owner._records.AddRange(batch.Span);
            }

            owner.FirstOutput.TrySetResult();
            return ValueTask.CompletedTask;
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
