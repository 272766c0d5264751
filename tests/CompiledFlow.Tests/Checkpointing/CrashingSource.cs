namespace CompiledFlow.Tests.Checkpointing;

/// <summary>Thrown by <see cref="CrashingSource{T}"/>: stands for the process dying.</summary>
public sealed class SimulatedCrash() : Exception("simulated crash");

/// <summary>
/// A restorable in-memory source that fails like a crash: after <c>crashAfterBatches</c> batches of
/// one run (never when negative), at the first batch where <c>mayCrash</c> says a new checkpoint is
/// complete (so every attempt makes progress), it throws. Each batch waits a millisecond first, so
/// checkpoints interleave with the records.
/// </summary>
public sealed class CrashingSource<T>(T[] records, int crashAfterBatches, Func<bool> mayCrash) : IRestorableSource<T>
{
    private readonly T[] _records = records;
    private readonly int _crashAfterBatches = crashAfterBatches;
    private readonly Func<bool> _mayCrash = mayCrash;

    public ISourceReader<T> Open() => Open(0);

    public ISourceReader<T> Open(long position) => new Reader(this, (int)position);

    private sealed class Reader(CrashingSource<T> source, int next) : ISourceReader<T>, IPositionedReader
    {
        private int _batches;

        public long Position => next;

        public async ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            bool due = ++_batches > source._crashAfterBatches && source._crashAfterBatches >= 0;
            if (due && source._mayCrash())
            {
                throw new SimulatedCrash();
            }

            // Due to crash but no new checkpoint yet: slow down so one completes before the input ends.
            await Task.Delay(due ? 10 : 1, cancellationToken);

            int count = Math.Min(maxCount, source._records.Length - next);
            ReadOnlyMemory<T> batch = source._records.AsMemory(next, count);
            next += count;
            return batch;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
