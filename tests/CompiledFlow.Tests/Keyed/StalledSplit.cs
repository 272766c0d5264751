using CompiledFlow.Tests.Pipelines;

namespace CompiledFlow.Tests.Keyed;

/// <summary>
/// A source split that gives one bid, then nothing until <paramref name="release"/> completes or
/// <paramref name="patience"/> runs out, then ends: a quiet partition for the idleness tests.
/// </summary>
internal sealed class StalledSplit(Bid first, Task release, TimeSpan patience) : ISource<Bid>
{
    /// <summary>True when the split was released by <c>release</c> rather than by its patience running out.</summary>
    public bool ReleasedByOutput { get; private set; }

    public ISourceReader<Bid> Open() => new Reader(this);

    private sealed class Reader(StalledSplit owner) : ISourceReader<Bid>
    {
        private int _calls;

        public async ValueTask<ReadOnlyMemory<Bid>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            if (_calls++ == 0)
            {
                return new[] { owner._first };
            }

            Task finished = await Task.WhenAny(owner._release, Task.Delay(owner._patience, cancellationToken));
            owner.ReleasedByOutput = finished == owner._release;
            return ReadOnlyMemory<Bid>.Empty;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly Bid _first = first;
    private readonly Task _release = release;
    private readonly TimeSpan _patience = patience;
}
