namespace CompiledFlow.Benchmarks.Checkpoints;

/// <summary>A two-phase-commit sink that only counts what it commits: the sink costs nothing next to the job.</summary>
public sealed class CountingSink<T> : ITwoPhaseCommitSink<T>
{
    private long _committed;
    private readonly Dictionary<string, long> _preCommitted = [];

    public long Committed => Interlocked.Read(ref _committed);

    public ISinkWriter<T> Open() => throw new NotSupportedException("The benchmarks open it as a two-phase-commit sink.");

    public ValueTask<ITwoPhaseCommitWriter<T>> OpenAsync(SinkRecovery recovery, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ITwoPhaseCommitWriter<T>>(new Writer(this));

    private sealed class Writer(CountingSink<T> sink) : ITwoPhaseCommitWriter<T>
    {
        private long _open;

        public ValueTask WriteBatchAsync(ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
        {
            _open += batch.Length;
            return ValueTask.CompletedTask;
        }

        public ValueTask<string?> PreCommitAsync(long checkpointId, CancellationToken cancellationToken)
        {
            string name = $"checkpoint-{checkpointId}";
            lock (sink._preCommitted)
            {
                sink._preCommitted[name] = _open;
            }

            _open = 0;
            return ValueTask.FromResult<string?>(name);
        }

        public ValueTask CommitAsync(IReadOnlyList<string> transactions, CancellationToken cancellationToken)
        {
            lock (sink._preCommitted)
            {
                foreach (string name in transactions)
                {
                    if (sink._preCommitted.Remove(name, out long records))
                    {
                        Interlocked.Add(ref sink._committed, records);
                    }
                }
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
