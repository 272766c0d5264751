namespace CompiledFlow;

/// <summary>
/// A file that appears at its path all at once or not at all, shared by the file sinks.
/// Lifecycle: the constructor creates <c>&lt;name&gt;.inprogress-&lt;guid&gt;</c> in the target's
/// directory; bytes go to <see cref="Output"/> and reach the file whenever <see cref="IsFull"/>
/// (<see cref="FlushAsync"/>); <see cref="CommitAsync"/> writes the rest, fsyncs and renames the
/// file over the target (replacing an older file atomically); <see cref="DisposeAsync"/> without
/// a commit deletes it, so a failed job leaves nothing behind.
/// </summary>
internal sealed class AtomicFile : IAsyncDisposable
{
    /// <summary>Bytes held in memory before they go to the file: the buffer stays small and is reused.</summary>
    public const int FlushThreshold = 64 * 1024;

    private readonly FileStream _stream;
    private readonly PooledBufferWriter _output = new(2 * FlushThreshold);
    private State _state;

    private enum State { Writing, Committed, Closed }

    /// <summary>Creates the temporary file next to <paramref name="path"/> (and the directory if missing).</summary>
    public AtomicFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        TempPath = System.IO.Path.Combine(directory, $"{System.IO.Path.GetFileName(Path)}.inprogress-{Guid.NewGuid():N}");
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>The temporary file written until commit.</summary>
    public string TempPath { get; }

    /// <summary>Where the content goes; held in memory until flushed.</summary>
    public PooledBufferWriter Output => _output;

    /// <summary>True when enough bytes are held for a write to the file.</summary>
    public bool IsFull => _output.WrittenCount >= FlushThreshold;

    /// <summary>Writes the bytes held in memory to the file.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotWriting();
        if (_output.WrittenCount > 0)
        {
            await _stream.WriteAsync(_output.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _output.Clear();
        }
    }

    /// <summary>Writes the rest, fsyncs and closes the temporary file, then renames it over <see cref="Path"/>.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Move(TempPath, Path, overwrite: true);
        _state = State.Committed;
        _output.Dispose();
    }

    /// <summary>Without a commit, closes and deletes the temporary file; cleanup errors are not thrown over the job's own error.</summary>
    public async ValueTask DisposeAsync()
    {
        _output.Dispose();
        if (_state != State.Writing)
        {
            return;
        }
        _state = State.Closed;
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Delete(TempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover .inprogress file is never taken for output.
        }
    }

    private void ThrowIfNotWriting()
    {
        if (_state != State.Writing)
        {
            throw new InvalidOperationException($"The output file '{Path}' was already {(_state == State.Committed ? "committed" : "closed")}.");
        }
    }
}
