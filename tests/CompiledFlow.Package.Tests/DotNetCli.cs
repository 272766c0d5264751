using System.Diagnostics;
using System.Text;

namespace CompiledFlow.Package.Tests;

/// <summary>What a finished process did.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The command, its exit code and everything it printed, for assertion messages.</summary>
    public override string ToString() =>
        $"""
        > {Command}
        exit code: {ExitCode}
        --- stdout ---
        {StandardOutput}
        --- stderr ---
        {StandardError}
        """;
}

/// <summary>Runs the dotnet CLI in a child process with a timeout, capturing its output.</summary>
internal static class DotNetCli
{
    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.
    /// The child gets no MSBuild or test-host variables of the process running the tests, so it
    /// behaves like a command typed in a fresh shell; node reuse and the compiler server are off,
    /// so no process outlives the command holding its output open.
    /// </summary>
    public static ProcessResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotNetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.Equals("NUGET_PACKAGES", StringComparison.OrdinalIgnoreCase)
                || name is "DOTNET_HOST_PATH" or "TESTINGPLATFORM_PIPE")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        string command = $"dotnet {string.Join(' ', arguments)}  (in {workingDirectory})";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            throw new TimeoutException(
                new ProcessResult(command, -1, Snapshot(stdout), Snapshot(stderr)) + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new ProcessResult(command, process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    private static string DotNetExecutable()
    {
        // The muxer that runs the tests is the one the developer or CI uses; fall back to PATH.
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return host is not null && File.Exists(host) ? host : "dotnet";
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
