using System.Globalization;

namespace CompiledFlow;

/// <summary>
/// A line of an input file could not be read as a record. The message is MSBuild style,
/// <c>path(line,column): reason</c>, so editors and CI logs link to the spot. Thrown by the file
/// sources at the first bad line unless <see cref="FileSourceOptions.RejectTo"/> is set, in which
/// case bad lines are collected there instead and reading goes on.
/// </summary>
public sealed class RecordFormatException : FormatException
{
    /// <summary>Creates the exception for the bad line <paramref name="line"/> of <paramref name="filePath"/>.</summary>
    public RecordFormatException(string filePath, long line, int column, string reason)
        : base(string.Create(CultureInfo.InvariantCulture, $"{filePath}({line},{column}): {reason}"))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line number.</summary>
    public long Line { get; }

    /// <summary>The 1-based byte column where the problem starts.</summary>
    public int Column { get; }

    /// <summary>What is wrong, naming the field and the bad text.</summary>
    public string Reason { get; }
}
