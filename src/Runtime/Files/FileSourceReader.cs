using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace CompiledFlow;

/// <summary>
/// One read of a line-oriented file (CSV, JSON Lines), shared by the file sources: splits the
/// bytes from a <see cref="PipeReader"/> into lines and parses each with a struct
/// <typeparamref name="TParser"/> (a direct call per line) into a pooled batch.
/// </summary>
/// <remarks>
/// Lifecycle: the file is opened by the constructor; each <see cref="ReadBatchAsync"/> fills the
/// batch array (rented from <see cref="ArrayPool{T}.Shared"/>, reused for every batch) with at
/// most <c>maxCount</c> records; <see cref="DisposeAsync"/> closes the file and returns the arrays.
/// Positions: <see cref="Position"/> is the byte offset of the next line to read, just past the
/// last line a batch consumed (the bytes consumed from the pipe are counted after each parse, so
/// it is exact whatever the chunks read). Opened at a position, the reader checks the header from
/// byte 0, counts the lines before the position (see <see cref="FileRestorePoint"/>) so line
/// numbers stay exact, and reads on from there.
/// Invariants: lines end at '\n' (a CR before it is dropped, so CRLF works); a UTF-8 BOM at the
/// start is skipped; blank lines (nothing but spaces and tabs) are skipped but counted, so line
/// numbers match an editor's; a last line without a newline is read; a line split across pipe
/// segments is copied into one pooled scratch buffer; no string is created per good line.
/// </remarks>
internal sealed class FileSourceReader<T, TParser> : ISourceReader<T>, IPositionedReader
    where TParser : struct, ILineParser<T>
{
    private const int MaxBatchRecords = 1 << 20; // bounds the batch array whatever maxCount asks
    private const int MinimumReadSize = 1024;

    private readonly string _path;
    private readonly string? _header;
    private readonly IRejectedRecords? _rejectTo;
    private readonly PipeReader _input;
    private TParser _parser = default; // a struct: every line is a direct, inlinable call
    private T[] _batch = [];
    private byte[] _scratch = [];
    private long _line; // lines met so far, blank ones included
    private long _offset; // byte offset of the next line to read
    private bool _ended;
    private bool _disposed;

    /// <summary>
    /// Opens <paramref name="path"/> at <paramref name="position"/> (0, or a <see cref="Position"/>
    /// of an earlier reader of the same file); <paramref name="header"/> is the header line 1 must
    /// hold, or null.
    /// </summary>
    public FileSourceReader(string path, FileSourceOptions options, string? header, long position = 0)
    {
        options.Validate();
        _path = Path.GetFullPath(path);
        _header = header?.Trim();
        _rejectTo = options.RejectTo;
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        if (position != 0)
        {
            try
            {
                Restore(stream, position);
            }
            catch
            {
                stream.Dispose();
                ReturnScratch();
                throw;
            }
        }
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(
            bufferSize: options.BufferSize,
            minimumReadSize: Math.Min(MinimumReadSize, options.BufferSize),
            leaveOpen: false));
    }

    /// <inheritdoc />
    public long Position => _offset;

    /// <inheritdoc />
    public async ValueTask<ReadOnlyMemory<T>> ReadBatchAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended)
        {
            return ReadOnlyMemory<T>.Empty;
        }

        T[] batch = RentBatch(Math.Min(maxCount, MaxBatchRecords));
        int max = Math.Min(maxCount, batch.Length);
        int count = 0;
        while (count < max)
        {
            ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            count = ParseLines(buffer, batch, count, max, out SequencePosition consumed);
            if (count == max)
            {
                _input.AdvanceTo(consumed); // the rest is not examined: the next read returns it at once
                break;
            }
            if (result.IsCompleted)
            {
                ReadOnlySequence<byte> last = buffer.Slice(consumed);
                if (!last.IsEmpty && ParseLine(Flatten(last), ref batch[count]))
                {
                    count++;
                }
                _offset += last.Length;
                _input.AdvanceTo(buffer.End);
                _ended = true;
                break;
            }
            _input.AdvanceTo(consumed, buffer.End); // wait for more bytes: no full line is left
        }
        return new ReadOnlyMemory<T>(batch, 0, count);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _input.CompleteAsync().ConfigureAwait(false);
        ReturnBatch();
        ReturnScratch();
    }

    /// <summary>Checks the header and the position, counts the lines before it, and seeks there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Restore(FileStream stream, long position)
    {
        if (_header is not null && position > 0)
        {
            // The header was checked when the file was first opened; a changed file is caught again here.
            CheckHeader(WithoutBom(FileRestorePoint.FirstLine(stream.SafeFileHandle, position, ref _scratch))); // CheckHeader trims a CR
        }
        _line = FileRestorePoint.LinesBefore(stream.SafeFileHandle, _path, position);
        _offset = position;
        stream.Seek(position, SeekOrigin.Begin);
    }

    /// <summary>Parses every full line in <paramref name="buffer"/> until the batch is full.</summary>
    private int ParseLines(in ReadOnlySequence<byte> buffer, T[] batch, int count, int max, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (count < max)
        {
            ReadOnlySpan<byte> line;
            ReadOnlySpan<byte> unread = reader.UnreadSpan;
            int newline = unread.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = unread[..newline]; // the common case: the line is inside one segment
                reader.Advance(newline + 1);
            }
            else if (reader.TryReadTo(out ReadOnlySequence<byte> spanning, (byte)'\n'))
            {
                line = Flatten(spanning);
            }
            else
            {
                break;
            }

            if (ParseLine(line, ref batch[count]))
            {
                count++;
            }
        }
        consumed = reader.Position;
        _offset += reader.Consumed;
        return count;
    }

    /// <summary>Parses one line into <paramref name="slot"/>; false for a header, a blank line or a rejected line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ParseLine(ReadOnlySpan<byte> line, ref T slot)
    {
        long number = ++_line;
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        if (number == 1)
        {
            line = WithoutBom(line);
            if (_header is not null)
            {
                CheckHeader(line);
                return false;
            }
        }
        if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
        {
            return false; // blank
        }
        if (_parser.TryParse(line, out slot, out string? error, out int column))
        {
            return true;
        }
        Reject(line, number, error, column);
        return false;
    }

    /// <summary>Line 1 without its UTF-8 BOM, if it has one.</summary>
    private static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> line) =>
        line.StartsWith("\uFEFF"u8) ? line[3..] : line;

    /// <summary>A line split across segments, copied into the scratch buffer.</summary>
    private ReadOnlySpan<byte> Flatten(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan;
        }
        int length = checked((int)line.Length);
        if (_scratch.Length < length)
        {
            GrowScratch(length);
        }
        line.CopyTo(_scratch);
        return _scratch.AsSpan(0, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowScratch(int length)
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
        }
        _scratch = ArrayPool<byte>.Shared.Rent(length);
    }

    private void ReturnScratch()
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }
    }

    private T[] RentBatch(int count)
    {
        if (_batch.Length < count)
        {
            ReturnBatch();
            _batch = ArrayPool<T>.Shared.Rent(count);
        }
        return _batch;
    }

    private void ReturnBatch()
    {
        if (_batch.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_batch, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _batch = [];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckHeader(ReadOnlySpan<byte> line)
    {
        string found = Encoding.UTF8.GetString(line).Trim();
        if (!string.Equals(found, _header, StringComparison.OrdinalIgnoreCase))
        {
            throw new RecordFormatException(_path, 1, 1,
                $"the header does not match: expected '{_header}' but found '{found}' (set FileSourceOptions.HasHeader to false if the file has no header)");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Reject(ReadOnlySpan<byte> line, long number, string? error, int column)
    {
        string reason = error ?? LineParsing.NoErrorGiven;
        if (_rejectTo is null)
        {
            throw new RecordFormatException(_path, number, column, reason);
        }
        _rejectTo.Add(new RejectedRecord(_path, number, column, reason, Encoding.UTF8.GetString(line)));
    }
}
