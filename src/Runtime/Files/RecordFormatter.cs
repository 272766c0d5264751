namespace CompiledFlow;

/// <summary>
/// Formats a file sink's records as lines of UTF-8 into one pooled buffer and drains it to an
/// <see cref="AtomicFile"/> every 64 KiB, shared by the single-file and the part-file sinks. The
/// record loop lives in <see cref="Format"/> (one virtual call per batch, or per 64 KiB of output
/// when a batch is larger), which stops as soon as the buffer <see cref="IsFull"/>, so the buffer
/// stays small whatever the batch size. One formatter serves one writer, file after file;
/// <see cref="Dispose"/> returns the buffer.
/// </summary>
internal abstract class RecordFormatter<T> : IDisposable
{
    /// <summary>Bytes held in memory before they go to the file: the buffer stays small and is reused.</summary>
    public const int FlushThreshold = 64 * 1024;

    private readonly PooledBufferWriter _output = new(2 * FlushThreshold);

    /// <summary>Where the formatted bytes go until <see cref="FlushAsync"/>.</summary>
    protected PooledBufferWriter Output => _output;

    /// <summary>True when <see cref="Format"/> should return so the bytes can go to the file.</summary>
    protected bool IsFull => _output.WrittenCount >= FlushThreshold;

    /// <summary>Writes what a file starts with before its first record (a CSV header); nothing by default.</summary>
    public virtual void BeginFile()
    {
    }

    /// <summary>Formats <paramref name="batch"/> into <paramref name="file"/>, writing to it whenever 64 KiB are held.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<T> batch, AtomicFile file, CancellationToken cancellationToken)
    {
        while (!batch.IsEmpty)
        {
            batch = batch[Format(batch.Span)..];
            if (IsFull)
            {
                await FlushAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the bytes held in memory to <paramref name="file"/>.</summary>
    public async ValueTask FlushAsync(AtomicFile file, CancellationToken cancellationToken)
    {
        if (_output.WrittenCount > 0)
        {
            await file.WriteAsync(_output.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _output.Clear();
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => _output.Dispose();

    /// <summary>Formats records from the start of <paramref name="records"/> until they are all written or <see cref="IsFull"/>; returns how many were written.</summary>
    protected abstract int Format(ReadOnlySpan<T> records);
}
