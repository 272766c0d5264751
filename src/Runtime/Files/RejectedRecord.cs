namespace CompiledFlow;

/// <summary>A line of an input file that could not be read as a record, kept instead of failing the job.</summary>
/// <param name="FilePath">The full path of the file.</param>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Column">The 1-based byte column where the problem starts.</param>
/// <param name="Reason">What is wrong, naming the field and the bad text.</param>
/// <param name="Text">The whole line, without its newline.</param>
public sealed record RejectedRecord(string FilePath, long Line, int Column, string Reason, string Text);
