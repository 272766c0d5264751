namespace CompiledFlow;

/// <summary>
/// A source made of splits that are read in parallel, like the partitions of a topic or the files
/// of a folder: each split gets its own reader task and its own source chain, so its own
/// watermark, and a keyed stage takes the minimum of the splits' watermarks (leaving out a split
/// that has been idle longer than the <c>[EventTime]</c>'s <c>IdleTimeoutMs</c>).
/// </summary>
public interface ISplitSource<T> : ISource<T>
{
    /// <summary>The splits, each read by one task.</summary>
    IReadOnlyList<ISource<T>> Splits { get; }
}

/// <summary>A source over several splits; see <see cref="ISplitSource{T}"/>.</summary>
public sealed class SplitSource<T>(IReadOnlyList<ISource<T>> splits) : ISplitSource<T>
{
    /// <inheritdoc />
    public IReadOnlyList<ISource<T>> Splits { get; } = splits.Count > 0 ? splits : throw new ArgumentException("A split source needs at least one split.", nameof(splits));

    /// <summary>Reads the splits one after another, for a caller that reads the source as a whole.</summary>
    public ISourceReader<T> Open() => new SequentialReader(Splits);

    private sealed class SequentialReader(IReadOnlyList<ISource<T>> splits) : ISourceReader<T>
    {
        private int _next;
        private ISourceReader<T>? _current;

        public async ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            while (true)
            {
                _current ??= _next < splits.Count ? splits[_next++].Open() : null;
                if (_current is null)
                {
                    return ReadOnlyMemory<T>.Empty;
                }

                ReadOnlyMemory<T> batch = await _current.ReadBatchAsync(maxCount, cancellationToken).ConfigureAwait(false);
                if (!batch.IsEmpty)
                {
                    return batch;
                }

                await _current.DisposeAsync().ConfigureAwait(false);
                _current = null;
            }
        }

        public ValueTask DisposeAsync() => _current?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
