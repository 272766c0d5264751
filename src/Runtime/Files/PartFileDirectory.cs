using System.Globalization;

namespace CompiledFlow;

/// <summary>
/// The directory of a part-file sink and the names of its parts. Each transaction is one part,
/// named by the checkpoint that ends it: <c>part-000007.csv.inprogress</c> while written and once
/// pre-committed, <c>part-000007.csv</c> once committed (more digits past 999999). Only names of
/// exactly this form, with this sink's extension, are ever renamed or deleted: every other file in
/// the directory is left alone.
/// </summary>
internal sealed class PartFileDirectory
{
    private const string Prefix = "part-";
    private const string Pending = ".inprogress";
    private const int Digits = 6;

    private readonly string _extension;

    /// <summary>The parts of <paramref name="directory"/> whose final names end with <paramref name="extension"/> (".csv").</summary>
    public PartFileDirectory(string directory, string extension)
    {
        Path = System.IO.Path.GetFullPath(directory);
        _extension = extension;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The path the part of checkpoint <paramref name="checkpointId"/> has once committed.</summary>
    public string FinalPath(long checkpointId) =>
        System.IO.Path.Combine(Path, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{checkpointId:D6}{_extension}"));

    /// <summary>The path the part of checkpoint <paramref name="checkpointId"/> has until committed.</summary>
    public string PendingPath(long checkpointId) => FinalPath(checkpointId) + Pending;

    /// <summary>
    /// Finishes what earlier attempts left, before a run writes: commits the parts
    /// <paramref name="recovery"/> recorded as pre-committed, deletes every other in-progress part
    /// (abort), and after a restored checkpoint n deletes the committed parts of checkpoints after n:
    /// they came from a checkpoint that was never completed, and the restored run writes them again.
    /// Creates the directory if missing.
    /// </summary>
    public void Recover(SinkRecovery recovery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recovery);
        ArgumentOutOfRangeException.ThrowIfNegative(recovery.CheckpointId);
        Directory.CreateDirectory(Path);
        foreach (string name in recovery.PreCommitted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ParsePending(name) > recovery.CheckpointId)
            {
                throw new ArgumentException(
                    $"The pre-committed part '{name}' belongs to a checkpoint after the restored checkpoint {recovery.CheckpointId}: the recovery does not match the sink's directory '{Path}'.",
                    nameof(recovery));
            }
            Commit(name);
        }

        foreach (string file in Directory.GetFiles(Path, Prefix + "*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryParse(System.IO.Path.GetFileName(file), out long checkpointId, out bool pending)
                && (pending || (recovery.CheckpointId > 0 && checkpointId > recovery.CheckpointId)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Renames the pre-committed part <paramref name="name"/> to its final name. Committing twice is
    /// harmless: when only the final file exists, the part was committed before.
    /// </summary>
    public void Commit(string name)
    {
        long checkpointId = ParsePending(name);
        string pending = PendingPath(checkpointId);
        string final = FinalPath(checkpointId);
        if (File.Exists(pending))
        {
            File.Move(pending, final, overwrite: true);
        }
        else if (!File.Exists(final))
        {
            throw new IOException(
                $"Cannot commit the part file '{name}' in '{Path}': neither it nor '{System.IO.Path.GetFileName(final)}' exists. " +
                "A checkpoint refers to output that was deleted since: restore an older checkpoint or start afresh.");
        }
    }

    /// <summary>The checkpoint of an in-progress part's name; throws for any other name.</summary>
    private long ParsePending(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TryParse(name, out long checkpointId, out bool pending) || !pending)
        {
            throw new ArgumentException(
                $"'{name}' is not the name of an in-progress part file of this sink ({Prefix}{new string('0', Digits)}{_extension}{Pending}).",
                nameof(name));
        }
        return checkpointId;
    }

    /// <summary>True when <paramref name="name"/> is exactly a part name this sink writes.</summary>
    private bool TryParse(string name, out long checkpointId, out bool pending)
    {
        checkpointId = 0;
        pending = name.EndsWith(Pending, StringComparison.Ordinal);
        ReadOnlySpan<char> rest = name.AsSpan(0, name.Length - (pending ? Pending.Length : 0));
        if (rest.Length < Prefix.Length + Digits + _extension.Length
            || !rest.StartsWith(Prefix, StringComparison.Ordinal)
            || !rest.EndsWith(_extension, StringComparison.Ordinal))
        {
            return false;
        }

        // Only the form D6 writes: six digits, or more without a leading zero.
        ReadOnlySpan<char> digits = rest[Prefix.Length..^_extension.Length];
        return (digits.Length == Digits || digits[0] != '0')
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out checkpointId);
    }
}
