using System.IO.Pipelines;

namespace CompiledFlow;

/// <summary>
/// A file that appears at its path all at once or not at all, shared by the file sinks.
/// Lifecycle: the constructor creates <c>&lt;name&gt;.inprogress-&lt;guid&gt;</c> in the target's
/// directory; bytes go to <see cref="Output"/>; <see cref="CommitAsync"/> flushes, fsyncs and
/// renames it over the target (replacing an older file atomically); <see cref="DisposeAsync"/>
/// without a commit deletes it, so a failed job leaves nothing behind.
/// </summary>
internal sealed class AtomicFile : IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024; // bytes held in memory before they go to the file

    private readonly FileStream _stream;
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
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>The temporary file written until commit.</summary>
    public string TempPath { get; }

    /// <summary>Where the content goes; buffered in memory until flushed.</summary>
    public PipeWriter Output { get; }

    /// <summary>Writes the buffered bytes to the file once there are enough of them.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotWriting();
        return Output.CanGetUnflushedBytes && Output.UnflushedBytes < FlushThreshold
            ? ValueTask.CompletedTask
            : FlushAsync(cancellationToken);
    }

    /// <summary>Flushes, fsyncs and closes the temporary file, then renames it over <see cref="Path"/>.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotWriting();
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Move(TempPath, Path, overwrite: true);
        _state = State.Committed;
    }

    /// <summary>Without a commit, closes and deletes the temporary file; cleanup errors are not thrown over the job's own error.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state != State.Writing)
        {
            return;
        }
        _state = State.Closed;
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The flush of what was buffered failed (e.g. disk full); the file is deleted anyway.
        }
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

    private async ValueTask FlushAsync(CancellationToken cancellationToken) =>
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);

    private void ThrowIfNotWriting()
    {
        if (_state != State.Writing)
        {
            throw new InvalidOperationException($"The output file '{Path}' was already {(_state == State.Committed ? "committed" : "closed")}.");
        }
    }
}
