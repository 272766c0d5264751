namespace CompiledFlow;

/// <summary>How a file sink writes its file.</summary>
public sealed record FileSinkOptions
{
    /// <summary>The options a file sink has unless told otherwise.</summary>
    public static FileSinkOptions Default { get; } = new();

    /// <summary>CSV only (default true): write the format's header as the first line, even when there are no records.</summary>
    public bool WriteHeader { get; init; } = true;
}
