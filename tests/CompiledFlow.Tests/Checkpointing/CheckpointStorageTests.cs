using CompiledFlow.Tests.Pipelines;
using Microsoft.Extensions.Logging;

namespace CompiledFlow.Tests.Checkpointing;

/// <summary>
/// A checkpoint that is incomplete, truncated or corrupt is refused with a warning and the one
/// before it is used; it is never half-loaded, so the output holds exactly the uninterrupted results
/// (those the refused checkpoint had already committed may come twice).
/// </summary>
public sealed class CheckpointStorageTests
{
    public enum Damage
    {
        ManifestMissing,
        StateFileTruncated,
        StateFileCorrupted,
        StateFileMissing,
        ManifestGarbled,
    }

    [Theory]
    [InlineData(Damage.ManifestMissing, "incomplete")]
    [InlineData(Damage.StateFileTruncated, "truncated")]
    [InlineData(Damage.StateFileCorrupted, "checksum")]
    [InlineData(Damage.StateFileMissing, "missing")]
    [InlineData(Damage.ManifestGarbled, "corrupt")]
    public void A_damaged_newest_checkpoint_is_refused_and_the_previous_one_restored(Damage damage, string reason)
    {
        using var directory = new CheckpointDirectory();
        Bid[] bids = TestData.Bids(seed: 21, count: 3_000, maxDelay: 2_000);
        var sink = new CollectionSink<(long, long, long, long)>();
        long[] complete = [];
        var crashing = new CrashingSource<Bid>(bids, crashAfterBatches: 20, mayCrash: () => (complete = directory.Complete()).Length >= 2);
        Assert.Throws<SimulatedCrash>(() => Job(crashing, sink, directory.Path, new ListLogger()).Run());
        long newest = directory.Complete().Max();
        Spoil(directory.FolderOf(newest), damage);

        var logger = new ListLogger();
        JobResult result = Job(new CrashingSource<Bid>(bids, -1, () => false), sink, directory.Path, logger).Run();

        // Nothing is lost or wrong. A result may appear twice: when the crash came after the newest
        // checkpoint's transactions were committed, restoring the one before it makes them again, as
        // with any two-phase-commit sink whose newest checkpoint is lost.
        Assert.Equal(HotAuctions.Run(bids).Order(), sink.Items.Distinct().Order());
        // The crash may also have cut a newer checkpoint short: that one is refused as incomplete.
        string[] warnings = [.. logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];
        string refusal = Assert.Single(warnings, w => w.StartsWith($"Checkpoint {newest} refused"));
        Assert.Contains(reason, refusal);
        Assert.All(warnings.Except([refusal]), w => Assert.Contains("incomplete", w));
        Assert.Equal(directory.FolderOf(newest - 1), result.Checkpoints.RestoredFrom);
        Assert.Equal(warnings.Length, Directory.GetDirectories(Path.Combine(directory.Path, "refused")).Length);
    }

    [Fact]
    public void An_explicitly_named_damaged_checkpoint_is_an_error_not_skipped()
    {
        using var directory = new CheckpointDirectory();
        Bid[] bids = TestData.Bids(seed: 22, count: 1_000, maxDelay: 2_000);
        HotAuctions.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(new CollectionSink<(long, long, long, long)>())
            .WithOptions(new JobOptions { Parallelism = 1, CheckpointDirectory = directory.Path }).Run();
        string folder = directory.FolderOf(directory.Complete().Max());
        Spoil(folder, Damage.StateFileCorrupted);

        var error = Assert.Throws<CheckpointException>(() => HotAuctions.CreateJob().From(Sources.FromMemory<Bid>(bids)).To(new CollectionSink<(long, long, long, long)>())
            .WithOptions(new JobOptions { RestoreFrom = folder }).Run());

        Assert.Contains("fails its checksum", error.Message);
        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void Only_the_newest_checkpoints_are_retained()
    {
        using var directory = new CheckpointDirectory();
        var source = new CrashingSource<Bid>(TestData.Bids(seed: 23, count: 3_000, maxDelay: 2_000), -1, () => false);
        JobResult result = HotAuctions.CreateJob().From(source).To(new CollectionSink<(long, long, long, long)>())
            .WithOptions(new JobOptions { Parallelism = 2, BatchSize = 16, CheckpointDirectory = directory.Path, CheckpointInterval = TimeSpan.FromMilliseconds(5), CheckpointsRetained = 2 })
            .Run();

        Assert.True(result.Checkpoints.Completed > 2);
        long[] kept = directory.Complete();
        Assert.Equal(2, kept.Length); // the ids may skip one: a checkpoint the end of the input overtook is never stored
        Assert.Equal(result.Checkpoints.LastId, kept[^1]);
    }

    [Fact]
    public void A_checkpoint_that_cannot_be_stored_fails_the_job_and_commits_nothing()
    {
        using var directory = new CheckpointDirectory();
        File.WriteAllText(directory.FolderOf(1), "a file where the first checkpoint's folder should go");
        var sink = new CollectionSink<(long, long, long, long)>();

        var error = Assert.Throws<CheckpointException>(() => Job(new CrashingSource<Bid>(TestData.Bids(24, 3_000, 2_000), -1, () => false), sink, directory.Path, new ListLogger()).Run());

        Assert.Contains("Checkpoint 1 of 'CompiledFlow.Tests.Pipelines.HotAuctions' could not be stored", error.Message);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public void A_checkpoint_directory_that_cannot_be_created_is_named_in_the_error()
    {
        using var directory = new CheckpointDirectory();
        string file = Path.Combine(directory.Path, "a-file");
        File.WriteAllText(file, "not a directory");

        var error = Assert.Throws<CheckpointException>(() => Job(Sources.FromMemory<Bid>(TestData.Bids(25, 10, 0)), new CollectionSink<(long, long, long, long)>(), file, new ListLogger()).Run());

        Assert.Contains($"The checkpoint directory '{file}' cannot be created", error.Message);
    }

    private static Job<Bid, (long, long, long, long)> Job(ISource<Bid> source, ISink<(long, long, long, long)> sink, string directory, ILogger logger) =>
        HotAuctions.CreateJob().From(source).To(sink).WithOptions(new JobOptions
        {
            Parallelism = 2,
            BatchSize = 16,
            CheckpointDirectory = directory,
            CheckpointInterval = TimeSpan.FromMilliseconds(5),
            Logger = logger,
        });

    private static void Spoil(string folder, Damage damage)
    {
        string manifest = Path.Combine(folder, "manifest.json");
        string state = Directory.GetFiles(folder, "stage1-subtask-*.state").OrderBy(f => f).First();
        switch (damage)
        {
            case Damage.ManifestMissing:
                File.Delete(manifest);
                break;
            case Damage.StateFileTruncated:
                byte[] bytes = File.ReadAllBytes(state);
                File.WriteAllBytes(state, bytes[..(bytes.Length / 2)]);
                break;
            case Damage.StateFileCorrupted:
                byte[] flipped = File.ReadAllBytes(state);
                flipped[^1] ^= 0x5A;
                File.WriteAllBytes(state, flipped);
                break;
            case Damage.StateFileMissing:
                File.Delete(state);
                break;
            default:
                File.WriteAllText(manifest, "{ \"Format\": 1, \"Id\": ");
                break;
        }
    }
}
