namespace Nexmark.Queries;

/// <summary>
/// A query's result row: a struct whose fields are the row's columns (so the generated
/// <c>Files.WriteCsv</c> writes them as columns) and which formats itself as the canonical line of
/// README.md. Formatting writes into a caller's buffer, so producing the line allocates at most the
/// line itself (<see cref="ResultText.Line{TRow}"/>) and a sink could write rows without allocating.
/// </summary>
public interface IResultRow
{
    /// <summary>
    /// Writes the row's canonical line (fields joined by commas, invariant culture, no newline) into
    /// <paramref name="destination"/>; <see langword="false"/> if it does not fit.
    /// </summary>
    bool TryFormat(Span<char> destination, out int charsWritten);
}
