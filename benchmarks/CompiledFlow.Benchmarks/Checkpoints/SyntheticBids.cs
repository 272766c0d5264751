namespace CompiledFlow.Benchmarks.Checkpoints;

/// <summary>
/// Bids made from their index on the fly (no array of 60M bids in memory): bid i is placed by bidder
/// <c>mix(i) % bidders</c>, one millisecond of event time per thousand bids. Restorable: the position
/// is the index of the next bid.
/// </summary>
public sealed class SyntheticBids(long count, long bidders) : IRestorableSource<Bid>
{
    public ISourceReader<Bid> Open() => Open(0);

    public ISourceReader<Bid> Open(long position) => new Reader(count, bidders, position);

    private sealed class Reader(long count, long bidders, long position) : ISourceReader<Bid>, IPositionedReader
    {
        private Bid[] _buffer = [];

        public long Position { get; private set; } = position;

        public ValueTask<ReadOnlyMemory<Bid>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
        {
            int length = (int)Math.Min(maxCount, count - Position);
            if (_buffer.Length < length)
            {
                _buffer = new Bid[length];
            }

            for (int i = 0; i < length; i++)
            {
                long index = Position + i;
                _buffer[i] = new Bid(index & 1023, (long)(Mix((ulong)index) % (ulong)bidders), 100 + (index & 255), 1_436_918_400_000 + index / 1_000);
            }

            Position += length;
            return ValueTask.FromResult<ReadOnlyMemory<Bid>>(_buffer.AsMemory(0, length));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static ulong Mix(ulong x)
        {
            x ^= x >> 30;
            x *= 0xBF58476D1CE4E5B9UL;
            x ^= x >> 27;
            x *= 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
