namespace CompiledFlow.Benchmarks.KeyedWindows;

/// <summary>
/// What every variant of the keyed benchmark returns: how many (key, window) results, the sum of
/// their counts, and an order-independent checksum of (key, start, count), so variants that emit
/// the same results in another order (parallel subtasks) still compare equal.
/// </summary>
public readonly record struct WindowTotals(long Results, long Records, ulong Checksum)
{
    public static ulong Mix(long key, long start, long count) =>
        unchecked(((ulong)key * 0x9E3779B97F4A7C15UL + (ulong)start * 0xC2B2AE3D27D4EB4FUL + 1) * ((ulong)count * 2 + 1));

    public override string ToString() => $"{Results:N0} results, {Records:N0} records, checksum {Checksum:X16}";
}

/// <summary>
/// A sink that folds every result into <see cref="WindowTotals"/> (one interface call per batch, a
/// plain loop over the span), instead of keeping a million results in a list.
/// </summary>
public sealed class WindowTotalsSink : ISink<WindowCount>
{
    /// <summary>Set when the job commits.</summary>
    public WindowTotals Totals { get; private set; }

    public ISinkWriter<WindowCount> Open() => new Writer(this);

    private sealed class Writer(WindowTotalsSink sink) : ISinkWriter<WindowCount>
    {
        private long _results;
        private long _records;
        private ulong _checksum;

        public ValueTask WriteBatchAsync(ReadOnlyMemory<WindowCount> batch, CancellationToken cancellationToken)
        {
            Add(batch.Span);
            return ValueTask.CompletedTask;
        }

        private void Add(ReadOnlySpan<WindowCount> results)
        {
            long records = 0;
            ulong checksum = 0;
            foreach (ref readonly WindowCount result in results)
            {
                records += result.Count;
                checksum += WindowTotals.Mix(result.Auction, result.Start, result.Count);
            }

            _results += results.Length;
            _records += records;
            _checksum += checksum;
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            sink.Totals = new WindowTotals(_results, _records, _checksum);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
