namespace CompiledFlow;

/// <summary>
/// A file that appears at its path all at once or not at all, shared by the file sinks.
/// Lifecycle: the constructor creates the temporary file (by default
/// <c>&lt;name&gt;.inprogress-&lt;guid&gt;</c> in the target's directory); <see cref="WriteAsync"/>
/// appends bytes; <see cref="PreCommitAsync"/> fsyncs and closes it, so it survives a crash but
/// stays invisible; <see cref="CommitAsync"/> also renames it over the target (replacing an older
/// file atomically). <see cref="DisposeAsync"/> before a pre-commit deletes it, so a failed job
/// leaves nothing behind; a pre-committed file stays for whoever commits it later.
/// </summary>
internal sealed class AtomicFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private State _state;

    private enum State { Writing, PreCommitted, Committed, Closed }

    /// <summary>Creates a temporary file next to <paramref name="path"/> (and the directory if missing).</summary>
    public AtomicFile(string path)
        : this(path, $"{path}.inprogress-{Guid.NewGuid():N}")
    {
    }

    /// <summary>Creates the temporary file <paramref name="tempPath"/>, which must not exist, for <paramref name="path"/> (and the directory if missing).</summary>
    public AtomicFile(string path, string tempPath)
    {
        Path = System.IO.Path.GetFullPath(path);
        TempPath = System.IO.Path.GetFullPath(tempPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(TempPath)!);
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>The temporary file written until commit.</summary>
    public string TempPath { get; }

    /// <summary>Appends <paramref name="bytes"/> to the temporary file.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ThrowIfNot(State.Writing);
        return _stream.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Fsyncs and closes the temporary file: it survives a crash, still under its temporary name.</summary>
    public async ValueTask PreCommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfNot(State.Writing);
        await CloseDurablyAsync(cancellationToken).ConfigureAwait(false);
        _state = State.PreCommitted;
    }

    /// <summary>Fsyncs and closes the temporary file unless pre-committed already, then renames it over <see cref="Path"/>.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_state == State.Writing)
        {
            await CloseDurablyAsync(cancellationToken).ConfigureAwait(false); // still Writing: a failed rename is cleaned up on dispose
        }
        else
        {
            ThrowIfNot(State.PreCommitted);
        }

        File.Move(TempPath, Path, overwrite: true);
        _state = State.Committed;
    }

    /// <summary>Before a pre-commit, closes and deletes the temporary file; cleanup errors are not thrown over the job's own error.</summary>
    public async ValueTask DisposeAsync()
    {
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

    private async ValueTask CloseDurablyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfNot(State expected)
    {
        if (_state != expected)
        {
            string state = _state switch
            {
                State.PreCommitted => "pre-committed",
                State.Committed => "committed",
                _ => "closed",
            };
            throw new InvalidOperationException($"The output file '{Path}' was already {state}.");
        }
    }
}
