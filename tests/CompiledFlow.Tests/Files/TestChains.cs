namespace CompiledFlow.Tests.Files;

/// <summary>A hand-written chain that passes every record through, so a job moves records from a source to sinks untouched.</summary>
internal sealed class IdentityChain<T> : IOperatorChain<T, T>
{
    public string Name => "Identity";

    public void Process(ReadOnlySpan<T> batch, ref OutputBuffer<T> output)
    {
        foreach (ref readonly T item in batch)
        {
            output.Collect(item);
        }
    }
}

/// <summary>A source that yields <paramref name="first"/> as one batch, then fails.</summary>
internal sealed class FailingSource<T>(T[] first) : ISource<T>
{
    public ISourceReader<T> Open() => new Reader(first);

    private sealed class Reader(T[] first) : ISourceReader<T>
    {
        private bool _gaveFirst;

        public ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            if (_gaveFirst)
            {
                throw new IOException("the source broke");
            }
            _gaveFirst = true;
            return ValueTask.FromResult<ReadOnlyMemory<T>>(first);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

internal static class Jobs
{
    /// <summary>A job copying records from <paramref name="source"/> to <paramref name="sinks"/> in batches of <paramref name="batchSize"/>.</summary>
    public static Job<T, T> Copy<T>(ISource<T> source, int batchSize, params ISink<T>[] sinks)
    {
        var job = new Job<T, T>(new IdentityChain<T>()).From(source).WithOptions(new JobOptions { BatchSize = batchSize });
        foreach (ISink<T> sink in sinks)
        {
            job.To(sink);
        }
        return job;
    }
}
