namespace Nexmark;

/// <summary>How the command line runs a query as a job: where its output and checkpoints go.</summary>
public sealed record JobArguments
{
    /// <summary>The directory that receives the committed part files; null to print rows instead.</summary>
    public string? Output { get; init; }

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public int Splits { get; init; } = 1;

    public string? CheckpointDirectory { get; init; }

    public int CheckpointIntervalMs { get; init; } = 1_000;
}
