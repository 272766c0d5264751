namespace CompiledFlow.Tests.Checkpointing;

/// <summary>A temporary checkpoint directory, deleted with the test.</summary>
public sealed class CheckpointDirectory : IDisposable
{
    public CheckpointDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cf-checkpoints-" + Guid.NewGuid().ToString("N"));

    /// <summary>The ids of the complete checkpoints (those with a manifest).</summary>
    public long[] Complete() =>
        [.. Directory.GetDirectories(Path, "chk-*")
            .Where(d => File.Exists(System.IO.Path.Combine(d, "manifest.json")))
            .Select(d => long.Parse(System.IO.Path.GetFileName(d)["chk-".Length..]))
            .Order()];

    public string FolderOf(long id) => System.IO.Path.Combine(Path, $"chk-{id:D6}");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
