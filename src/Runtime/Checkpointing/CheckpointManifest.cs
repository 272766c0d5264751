namespace CompiledFlow.Execution;

/// <summary>
/// The table of contents of a stored checkpoint, written last (as <c>manifest.json</c>, through a
/// temporary file and a rename): a checkpoint folder without it is incomplete. Every file is listed
/// with its length and XxHash64, so a truncated or changed file is found before anything is loaded.
/// </summary>
internal sealed record CheckpointManifest(int Format, long Id, string Pipeline, bool Savepoint, DateTime CreatedUtc, IReadOnlyList<CheckpointFile> Files)
{
    public const int CurrentFormat = 1;
}

/// <summary>One state file of a checkpoint: its name, length and XxHash64 (hex).</summary>
internal sealed record CheckpointFile(string Name, long Bytes, string XxHash64);

/// <summary>A checkpoint in memory: its id, the pipeline it came from and its verified state files by name.</summary>
internal sealed record CheckpointImage(long Id, string Pipeline, bool Savepoint, string Location, IReadOnlyDictionary<string, byte[]> Files)
{
    /// <summary>The files whose names start with <paramref name="prefix"/>, in name order.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> WithPrefix(string prefix) =>
        Files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal);
}
