namespace CompiledFlow.Package.Tests;

/// <summary>Finds the repository from the test's output folder.</summary>
internal static class RepositoryRoot
{
    /// <summary>The nearest folder above the test assembly that holds CompiledFlow.sln.</summary>
    public static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CompiledFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds CompiledFlow.sln.");
    }
}
