using System.Buffers;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace CompiledFlow;

/// <summary>
/// Where a restored file source starts again: checks that a checkpointed byte offset still fits the
/// file and counts the lines before it, so error messages keep their exact line numbers.
/// </summary>
/// <remarks>
/// A position is the offset just past a line's newline (or the file's length once it was read to
/// the end). Anything else means the file changed since the checkpoint was taken: that is a
/// <see cref="CheckpointException"/> naming the file and the position, never a silent misread.
/// The prefix is read in pooled chunks with positional reads, and its newlines are counted with the
/// vectorized <see cref="MemoryExtensions.Count{T}(ReadOnlySpan{T}, T)"/>.
/// </remarks>
internal static class FileRestorePoint
{
    private const int ChunkSize = 1 << 20;

    /// <summary>The number of lines (blank ones included) before <paramref name="position"/>, a line start of the file.</summary>
    public static long LinesBefore(SafeFileHandle file, string path, long position)
    {
        long length = RandomAccess.GetLength(file);
        if (position < 0)
        {
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                $"A checkpoint restarts the file source at byte {position} of '{path}', which is not a byte offset: the checkpoint is corrupt."));
        }
        if (position > length)
        {
            throw Changed(path, position, string.Create(CultureInfo.InvariantCulture, $"the file is {length} bytes long"));
        }
        if (position == 0)
        {
            return 0;
        }

        byte[] chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkSize, position));
        try
        {
            long lines = 0;
            long offset = 0;
            byte last = 0;
            while (offset < position)
            {
                int read = RandomAccess.Read(file, chunk.AsSpan(0, (int)Math.Min(chunk.Length, position - offset)), offset);
                if (read == 0)
                {
                    throw Changed(path, position, string.Create(CultureInfo.InvariantCulture, $"the file ends at byte {offset}"));
                }
                ReadOnlySpan<byte> bytes = chunk.AsSpan(0, read);
                lines += bytes.Count((byte)'\n');
                last = bytes[^1];
                offset += read;
            }
            if (last != (byte)'\n' && position != length)
            {
                throw Changed(path, position, "that byte is not the start of a line");
            }
            return lines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// The first line of the file (with its CR, without its newline), read from byte 0 and at most
    /// <paramref name="limit"/> bytes long, into <paramref name="scratch"/> (a pooled buffer the
    /// caller owns and returns, grown here if needed).
    /// </summary>
    public static ReadOnlySpan<byte> FirstLine(SafeFileHandle file, long limit, ref byte[] scratch)
    {
        int length = 0;
        while (length < limit)
        {
            if (length == scratch.Length)
            {
                Grow(ref scratch, length);
            }
            int read = RandomAccess.Read(file, scratch.AsSpan(length, (int)Math.Min(scratch.Length - length, limit - length)), length);
            if (read == 0)
            {
                break;
            }
            int newline = scratch.AsSpan(length, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return scratch.AsSpan(0, length + newline);
            }
            length += read;
        }
        return scratch.AsSpan(0, length);
    }

    private static void Grow(ref byte[] scratch, int length)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(4096, length * 2));
        scratch.AsSpan(0, length).CopyTo(larger);
        if (scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        scratch = larger;
    }

    private static CheckpointException Changed(string path, long position, string why) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"A checkpoint restarts the file source at byte {position} of '{path}', but {why}: the file changed since the checkpoint was taken. Restore it, or start the job without the checkpoint."));
}
