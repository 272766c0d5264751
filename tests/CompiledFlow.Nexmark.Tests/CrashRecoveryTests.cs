using System.Diagnostics;

namespace Nexmark.Tests;

/// <summary>
/// The acceptance test of exactly-once output: the NEXMark command line runs Q5 with checkpoints in
/// its own process, which is killed with SIGKILL at random moments and started again with the same
/// command each time; the committed output must be, as a multiset of lines, the output of a run that
/// was never interrupted.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Kills = 5;

    [Fact]
    public void Q5_killed_at_random_moments_commits_exactly_the_output_of_an_uninterrupted_run()
    {
        string root = Path.Combine(Path.GetTempPath(), "cf-nexmark-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Enough events that a run lasts several seconds, so that every kill (the last one after a
            // stored checkpoint) comes while it runs.
            string[] query = ["--query", "q5", "--events", "20000000", "--parallelism", "2", "--splits", "2"];
            Assert.Equal(0, Start([.. query, "--output", Path.Combine(root, "uninterrupted")]).WaitForExitOrKill(TimeSpan.FromMinutes(3)));

            string output = Path.Combine(root, "killed");
            string[] resumable = [.. query, "--output", output, "--checkpoint-dir", Path.Combine(root, "checkpoints"), "--checkpoint-interval-ms", "100"];
            var random = new Random(20261125);
            int kills = 0;
            for (int attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 60, $"no completion after {attempt} attempts and {kills} kills");
                using Process process = Start(resumable);
                // Kill at a random moment while it runs (a process that finished first is not counted), until
                // it has been killed enough times; then let it finish. The last kill comes after a checkpoint
                // was stored, so that the last run has one to resume from however fast the runs before were.
                if (kills == Kills - 1)
                {
                    WaitForCheckpoint(Path.Combine(root, "checkpoints"), process);
                }

                TimeSpan moment = TimeSpan.FromMilliseconds(random.Next(350, 900));
                if (kills < Kills && !process.WaitForExit(moment))
                {
                    process.Kill(); // SIGKILL: no cleanup of any kind
                    process.WaitForExit();
                    kills++;
                    continue;
                }

                Assert.Equal(0, process.WaitForExitOrKill(TimeSpan.FromMinutes(3)));
                Assert.Contains("resumed from", Printed(process)); // it went on from a checkpoint, not from the start
                break;
            }

            Assert.Equal(Kills, kills);
            Assert.Empty(Directory.GetFiles(output, "*.inprogress"));
            string[] expected = CommittedLines(Path.Combine(root, "uninterrupted"));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, CommittedLines(output));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Waits until a checkpoint folder holds a manifest, or the process has ended.</summary>
    private static void WaitForCheckpoint(string checkpoints, Process process)
    {
        var waited = Stopwatch.StartNew();
        while (!process.HasExited && !(Directory.Exists(checkpoints) && Directory.GetDirectories(checkpoints, "chk-*").Any(c => File.Exists(Path.Combine(c, "manifest.json")))))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint was stored within 2 minutes");
            Thread.Sleep(10);
        }
    }

    /// <summary>Every line of every committed part file, sorted: the output as a multiset.</summary>
    private static string[] CommittedLines(string directory) =>
        [.. Directory.GetFiles(directory, "*.csv").SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> Output = [];

    /// <summary>What the process printed, standard output and error.</summary>
    private static string Printed(Process process)
    {
        System.Text.StringBuilder printed = Output.GetValue(process, _ => new());
        lock (printed)
        {
            return printed.ToString();
        }
    }

    /// <summary>Starts the NEXMark command line (the sample's built assembly) in a process of its own.</summary>
    private static Process Start(string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CommandLine).Assembly.Location);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        var printed = new System.Text.StringBuilder();
        Output.AddOrUpdate(process, printed);
        process.OutputDataReceived += (_, line) => { lock (printed) { printed.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (printed) { printed.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

internal static class ProcessExtensions
{
    /// <summary>Waits for the exit code, killing the process if it takes longer than <paramref name="timeout"/>.</summary>
    public static int WaitForExitOrKill(this Process process, TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new TimeoutException($"The NEXMark process did not finish within {timeout}.");
        }

        process.WaitForExit();
        return process.ExitCode;
    }
}
