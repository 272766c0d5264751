using System.Globalization;

namespace CompiledFlow.Package.Tests;

/// <summary>
/// Packs CompiledFlow with <c>dotnet pack</c> and uses the package as a user would: a fresh console
/// project outside the repository, restoring CompiledFlow from a local folder feed (its dependencies
/// from the machine's usual feed) into its own packages folder (so no stale cached package can be
/// used), whose pipeline the packaged generator compiles.
/// </summary>
public sealed class PackageConsumptionTests
{
    private const string PackageVersion = "0.1.0";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The input records of the consumer's pipeline: (Id, Quantity, PriceCents).</summary>
    private static readonly (int Id, int Quantity, long PriceCents)[] Orders =
    [
        (1, 2, 1_000),
        (2, 0, 500),     // out of stock: filtered
        (3, 3, 255),
        (4, -1, 999),    // invalid: filtered
        (5, 1, 7_001),
    ];

    [Fact]
    public void Fresh_project_restores_the_package_from_a_folder_feed_and_runs_a_generated_pipeline()
    {
        string repository = RepositoryRoot.Find();
        string root = Path.Combine(Path.GetTempPath(), "compiledflow-package-" + Guid.NewGuid().ToString("N"));
        Assert.False(
            IsUnder(root, repository),
            $"The consumer project must live outside the repository so that its Directory.Build.props, Directory.Packages.props and global.json do not apply; '{root}' is under '{repository}'.");
        try
        {
            string feed = Path.Combine(root, "feed");
            string packages = Path.Combine(root, "packages");
            string app = Path.Combine(root, "app");
            Directory.CreateDirectory(app);

            ProcessResult pack = DotNetCli.Run(
                repository, CommandTimeout,
                "pack", Path.Combine(repository, "src", "Runtime", "CompiledFlow.csproj"), "-c", "Release", "-o", feed);
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack);
            string package = Path.Combine(feed, $"CompiledFlow.{PackageVersion}.nupkg");
            Assert.True(File.Exists(package), $"dotnet pack did not produce {package}:\n{pack}");

            WriteConsumer(root, app, feed, packages);

            ProcessResult build = DotNetCli.Run(app, CommandTimeout, "build");
            Assert.True(build.ExitCode == 0, "dotnet build of the consumer failed:\n" + build);
            Assert.True(
                Directory.Exists(Path.Combine(packages, "compiledflow", PackageVersion)),
                $"CompiledFlow {PackageVersion} was not restored into the test's own packages folder '{packages}':\n{build}");

            ProcessResult run = DotNetCli.Run(app, CommandTimeout, "run", "--no-build");
            Assert.True(run.ExitCode == 0, "dotnet run of the consumer failed:\n" + run);

            string[] expected = ExpectedOutput();
            string[] actual = run.StandardOutput.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Assert.True(
                expected.SequenceEqual(actual),
                $"The consumer printed other lines than expected.\n--- expected ---\n{string.Join('\n', expected)}\n{run}");
        }
        finally
        {
            TryDelete(root);
        }
    }

    /// <summary>The consumer's output computed here by plain loops, independently of CompiledFlow.</summary>
    private static string[] ExpectedOutput()
    {
        var units = new List<string>();
        foreach ((int id, int quantity, long priceCents) in Orders)
        {
            if (quantity <= 0)
            {
                continue;
            }

            long discounted = priceCents * 9 / 10;
            for (int index = 1; index <= quantity; index++)
            {
                units.Add(string.Create(CultureInfo.InvariantCulture, $"{id} {index} {discounted}"));
            }
        }

        return
        [
            .. units.Select(u => "run " + u),
            .. units.Select(u => "job " + u),
            string.Create(CultureInfo.InvariantCulture, $"read {Orders.Length} written {units.Count}"),
        ];
    }

    private static void WriteConsumer(string root, string app, string feed, string packages)
    {
        // MSBuild looks for these files upwards from the project; empty ones in the temp root stop
        // the search there, so nothing from an enclosing folder can change the build.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />\n");

        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{packages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CompiledFlow" Version="{PackageVersion}" />
              </ItemGroup>
            </Project>
            """);

        string orders = string.Join(", ", Orders.Select(o => string.Create(CultureInfo.InvariantCulture, $"new({o.Id}, {o.Quantity}, {o.PriceCents})")));
        File.WriteAllText(Path.Combine(app, "Program.cs"), $$"""
            using CompiledFlow;
            using Shop;

            Order[] orders = [{{orders}}];

            List<Unit> direct = Checkout.Run(orders);
            foreach (Unit u in direct)
            {
                Console.WriteLine($"run {u.OrderId} {u.Index} {u.PriceCents}");
            }

            var sink = new CollectionSink<Unit>();
            JobResult result = Checkout.CreateJob().From(Sources.FromMemory<Order>(orders)).To(sink).Run();
            foreach (Unit u in sink.Items)
            {
                Console.WriteLine($"job {u.OrderId} {u.Index} {u.PriceCents}");
            }

            Console.WriteLine($"read {result.RecordsRead} written {result.RecordsWritten}");

            namespace Shop
            {
                public readonly record struct Order(int Id, int Quantity, long PriceCents);

                public readonly record struct Unit(int OrderId, int Index, long PriceCents);

                [Pipeline]
                public static partial class Checkout
                {
                    [Filter]
                    static bool InStock(in Order o) => o.Quantity > 0;

                    [Map]
                    static Order Discounted(in Order o) => o with { PriceCents = o.PriceCents * 9 / 10 };

                    [FlatMap]
                    static void Units(in Order o, ref Emitter<Unit> output)
                    {
                        for (int i = 1; i <= o.Quantity; i++)
                        {
                            output.Emit(new Unit(o.Id, i, o.PriceCents));
                        }
                    }
                }
            }
            """);
    }

    private static bool IsUnder(string path, string folder)
    {
        string relative = Path.GetRelativePath(Path.GetFullPath(folder), Path.GetFullPath(path));
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder must not hide the test's own result
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
