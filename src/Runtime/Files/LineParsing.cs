namespace CompiledFlow;

/// <summary>Texts shared by the line parsers.</summary>
internal static class LineParsing
{
    /// <summary>The reason given when a format returns false without saying why (a bug in a hand-written format).</summary>
    public const string NoErrorGiven = "the record could not be read (the format returned false without setting an error)";
}
