using System.Globalization;
using System.IO.Hashing;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CompiledFlow.Execution;

/// <summary>
/// Checkpoints in a directory: one folder per checkpoint (<c>chk-000042</c>), each with one file per
/// task's state and a manifest written last, with temporary file and atomic rename, listing every
/// file's length and checksum. Only the newest <c>retained</c> complete checkpoints are kept. On
/// restore, the newest checkpoint that verifies completely is used; an incomplete, truncated or
/// corrupt one is refused with a warning and moved to <c>refused/</c>, never half-loaded.
/// </summary>
internal sealed class CheckpointStorage(string directory, int retained, ILogger logger)
{
    private const string ManifestName = "manifest.json";
    private const string FolderPrefix = "chk-";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The folder of checkpoint <paramref name="id"/>.</summary>
    public string FolderOf(long id) => Path.Combine(Directory, FolderPrefix + id.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>Writes checkpoint <paramref name="id"/> into its folder (or into <paramref name="folder"/>, for a savepoint), manifest last.</summary>
    public static async Task<long> WriteAsync(string folder, long id, string pipeline, bool savepoint, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.Delete(folder, recursive: true); // a leftover of a failed attempt with this id
        }

        System.IO.Directory.CreateDirectory(folder);
        var entries = new List<CheckpointFile>(files.Count);
        long bytes = 0;
        foreach ((string name, ReadOnlyMemory<byte> data) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            await WriteDurablyAsync(Path.Combine(folder, name), data, cancellationToken).ConfigureAwait(false);
            entries.Add(new CheckpointFile(name, data.Length, Hash(data.Span)));
            bytes += data.Length;
        }

        var manifest = new CheckpointManifest(CheckpointManifest.CurrentFormat, id, pipeline, savepoint, DateTime.UtcNow, entries);
        string temporary = Path.Combine(folder, ManifestName + ".tmp");
        await WriteDurablyAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(manifest, Json), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, Path.Combine(folder, ManifestName), overwrite: true);
        return bytes;
    }

    /// <summary>Writes checkpoint <paramref name="id"/> and drops complete checkpoints beyond the retained number.</summary>
    public async Task<long> WriteAsync(long id, string pipeline, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, CancellationToken cancellationToken)
    {
        long bytes = await WriteAsync(FolderOf(id), id, pipeline, savepoint: false, files, cancellationToken).ConfigureAwait(false);
        foreach ((long old, string folder) in Folders().Where(f => f.Id < id).OrderByDescending(f => f.Id).Skip(retained - 1))
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }

        return bytes;
    }

    /// <summary>
    /// The newest checkpoint that verifies, or null when there is none. Newer ones that do not
    /// verify are refused with a warning and moved to <c>refused/</c>.
    /// </summary>
    public CheckpointImage? LoadLatest()
    {
        foreach ((long id, string folder) in Folders().OrderByDescending(f => f.Id))
        {
            try
            {
                return Load(folder);
            }
            catch (CheckpointException e)
            {
                string refused = Path.Combine(Directory, "refused", $"{Path.GetFileName(folder)}-{DateTime.UtcNow:yyyyMMddHHmmssfff}");
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(refused)!);
                System.IO.Directory.Move(folder, refused);
                logger.LogWarning("Checkpoint {Id} refused, moved to {Refused}: {Reason} An earlier checkpoint is used.", id, refused, e.Message);
            }
        }

        return null;
    }

    /// <summary>Loads and verifies the checkpoint or savepoint in <paramref name="folder"/>; throws <see cref="CheckpointException"/> if it is incomplete or corrupt.</summary>
    public static CheckpointImage Load(string folder)
    {
        string manifestPath = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifestPath))
        {
            throw new CheckpointException($"'{folder}' has no {ManifestName}: the checkpoint is incomplete.");
        }

        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllBytes(manifestPath), Json)
                ?? throw new JsonException("empty manifest");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"The manifest of '{folder}' is corrupt: {e.Message}", e);
        }

        if (manifest.Format != CheckpointManifest.CurrentFormat)
        {
            throw new CheckpointException($"'{folder}' has checkpoint format {manifest.Format}; this version reads format {CheckpointManifest.CurrentFormat}.");
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (CheckpointFile file in manifest.Files)
        {
            string path = Path.Combine(folder, file.Name);
            if (!File.Exists(path))
            {
                throw new CheckpointException($"'{file.Name}' of '{folder}' is missing.");
            }

            byte[] data = File.ReadAllBytes(path);
            if (data.Length != file.Bytes)
            {
                throw new CheckpointException($"'{file.Name}' of '{folder}' has {data.Length} bytes; the manifest says {file.Bytes} (truncated?).");
            }

            if (Hash(data) != file.XxHash64)
            {
                throw new CheckpointException($"'{file.Name}' of '{folder}' fails its checksum: the file is corrupt.");
            }

            files.Add(file.Name, data);
        }

        return new CheckpointImage(manifest.Id, manifest.Pipeline, manifest.Savepoint, folder, files);
    }

    /// <summary>
    /// Takes the directory for one run: an exclusive lock on its <c>lock</c> file, released when the
    /// run ends or its process dies. A second run on the same directory (say, a restarted job while
    /// an orphaned process of the first still runs) waits for it instead of writing beside it.
    /// </summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (IOException e)
        {
            throw new CheckpointException($"The checkpoint directory '{Directory}' cannot be created: {e.Message}", e);
        }

        string path = Path.Combine(Directory, "lock");
        bool reported = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!reported)
                {
                    reported = true;
                    logger.LogWarning("The checkpoint directory {Directory} is in use by another running job; waiting for it to end.", Directory);
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private IEnumerable<(long Id, string Folder)> Folders()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (string folder in System.IO.Directory.EnumerateDirectories(Directory, FolderPrefix + "*"))
        {
            if (long.TryParse(Path.GetFileName(folder).AsSpan(FolderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                yield return (id, folder);
            }
        }
    }

    private static string Hash(ReadOnlySpan<byte> data) => XxHash64.HashToUInt64(data).ToString("x16", CultureInfo.InvariantCulture);

    private static async Task WriteDurablyAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
        await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }
}
