namespace CompiledFlow;

/// <summary>How a file source reads its file.</summary>
public sealed record FileSourceOptions
{
    /// <summary>The options a file source has unless told otherwise.</summary>
    public static FileSourceOptions Default { get; } = new();

    /// <summary>
    /// CSV only (default true): the first line is a header that must equal the format's header,
    /// compared case-insensitively after trimming; a mismatch fails at line 1 whatever
    /// <see cref="RejectTo"/> says.
    /// </summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Where bad lines go. Null (default): the source throws <see cref="RecordFormatException"/> at
    /// the first bad line. Set: each bad line is added here and reading goes on.
    /// </summary>
    public IRejectedRecords? RejectTo { get; init; }

    /// <summary>
    /// Bytes the source asks the file for at a time (default 64 KiB). A line longer than this is
    /// still read whole; it is only copied once more.
    /// </summary>
    public int BufferSize { get; init; } = 64 * 1024;

    internal void Validate()
    {
        if (BufferSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "FileSourceOptions.BufferSize must be at least 1.");
        }
    }
}
