using System.Reflection;
using BenchmarkDotNet.Running;
using CompiledFlow.Benchmarks;
using CompiledFlow.Benchmarks.Infrastructure;

// dotnet run -c Release --project benchmarks/CompiledFlow.Benchmarks -- --filter '*'
//
// Before anything is timed, every benchmark is run once and its result checked against the
// hand-written loop's (see Verification). Options of this program, removed before the rest goes
// to BenchmarkDotNet:
//   --verify          only verify (CI: exit code 1 if a benchmark computes something else)
//   --records N       bids per verified run (default 10,000,000; benchmarks always use 10,000,000)
//   --skip-verify     go straight to BenchmarkDotNet
// Results go to benchmarks/BenchmarkDotNet.Artifacts/results unless --artifacts says otherwise.

List<string> arguments = [.. args];
bool verifyOnly = arguments.Remove("--verify");
bool skipVerify = arguments.Remove("--skip-verify");
int records = BidData.DefaultCount;
int recordsIndex = arguments.IndexOf("--records");
if (recordsIndex >= 0)
{
    if (recordsIndex + 1 >= arguments.Count || !int.TryParse(arguments[recordsIndex + 1], out records) || records < 1)
    {
        Console.Error.WriteLine("--records needs a positive number of bids.");
        return 2;
    }

    arguments.RemoveRange(recordsIndex, 2);
}

string[] informational = ["--list", "--help", "-h", "-?", "--info", "--version"];
bool runsBenchmarks = !verifyOnly && !arguments.Any(informational.Contains);
if (verifyOnly || (runsBenchmarks && !skipVerify))
{
    if (!Verification.Run(records, Console.Out))
    {
        return 1;
    }

    if (verifyOnly)
    {
        return 0;
    }
}

if (!arguments.Contains("--artifacts"))
{
    string? benchmarks = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .SingleOrDefault(a => a.Key == "BenchmarksDirectory")?.Value;
    if (benchmarks is not null && Directory.Exists(benchmarks))
    {
        arguments.AddRange(["--artifacts", Path.Combine(benchmarks, "BenchmarkDotNet.Artifacts")]);
    }
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. arguments]);
return 0;
