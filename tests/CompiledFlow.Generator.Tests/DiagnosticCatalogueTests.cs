using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CompiledFlow.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Tests;

/// <summary>
/// Keeps the diagnostics catalogue whole: every descriptor in <see cref="DiagnosticDescriptors"/>
/// has a unique ID in sequence, is recorded in AnalyzerReleases.Shipped.md, is documented in
/// docs/diagnostics.md and is covered by a test in DiagnosticTests.cs.
/// </summary>
public sealed partial class DiagnosticCatalogueTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToArray();

    private static readonly string Repository = FindRepository();

    [Fact]
    public void Ids_are_unique_and_consecutive_from_CF0001()
    {
        Assert.NotEmpty(Descriptors);
        string[] ids = Descriptors.Select(d => d.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());

        string[] expected = Enumerable.Range(1, ids.Length).Select(Id).ToArray();
        Assert.Equal(expected, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_id_is_in_the_shipped_release_file()
    {
        string path = Path.Combine(Repository, "src", "Generator", "AnalyzerReleases.Shipped.md");
        HashSet<string> shipped = ReleaseRow().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        string[] missing = Descriptors.Select(d => d.Id).Where(id => !shipped.Contains(id)).ToArray();
        Assert.True(missing.Length == 0, $"Not in {path}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_id_has_a_section_in_the_diagnostics_doc()
    {
        string path = Path.Combine(Repository, "docs", "diagnostics.md");
        string doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        Match[] headings = DocHeading().Matches(doc).ToArray();

        foreach (DiagnosticDescriptor descriptor in Descriptors)
        {
            int index = Array.FindIndex(headings, m => m.Groups[1].Value == descriptor.Id);
            Assert.True(index >= 0, $"{path} has no '## {descriptor.Id}: ...' section.");

            // The heading carries the title (code spans aside) and the section quotes the message.
            Match heading = headings[index];
            Assert.Equal(descriptor.Title.ToString(CultureInfo.InvariantCulture), heading.Groups[2].Value.Replace("`", string.Empty, StringComparison.Ordinal).Trim());
            int end = index + 1 < headings.Length ? headings[index + 1].Index : doc.Length;
            string section = doc[heading.Index..end];
            string message = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            Assert.True(section.Contains("`" + message + "`", StringComparison.Ordinal), $"The {descriptor.Id} section of {path} does not quote the message `{message}`.");
        }
    }

    [Fact]
    public void Every_id_has_a_test_named_after_it()
    {
        string path = Path.Combine(Repository, "tests", "CompiledFlow.Generator.Tests", "DiagnosticTests.cs");
        HashSet<string> tested = TestMethod().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        string[] untested = Descriptors.Select(d => d.Id).Where(id => !tested.Contains(id)).ToArray();
        Assert.True(untested.Length == 0, $"No test method in {path} starts with: {string.Join(", ", untested)}");
    }

    private static string Id(int number) => "CF" + number.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The nearest folder above the test assembly that holds CompiledFlow.sln.</summary>
    private static string FindRepository()
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

    /// <summary>A rule row of a release table: "CF0001 | CompiledFlow | Error | ...".</summary>
    [GeneratedRegex(@"^(CF\d{4})\s*\|", RegexOptions.Multiline)]
    private static partial Regex ReleaseRow();

    /// <summary>"## CF0004: Operator input does not match the previous operator's output".</summary>
    [GeneratedRegex(@"^## (CF\d{4}):(.*)$", RegexOptions.Multiline)]
    private static partial Regex DocHeading();

    /// <summary>A method declaration whose name starts with an ID, e.g. "void CF0011_flat_map_without_emitter(".</summary>
    [GeneratedRegex(@"\bvoid\s+(CF\d{4})\w*\s*\(")]
    private static partial Regex TestMethod();
}
