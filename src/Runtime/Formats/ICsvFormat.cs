namespace CompiledFlow.Formats;

/// <summary>
/// How one record type maps to a CSV line, decided at compile time: the generator implements it
/// for a pipeline's input and output types (columns in the order of the record's constructor or
/// its public members). Static members, so the file source and sink specialized over the format
/// call them directly.
/// </summary>
public interface ICsvFormat<T>
{
    /// <summary>The header line, column names separated by commas.</summary>
    static abstract string Header { get; }

    /// <summary>Reads one record from the fields of a line; on false, the reader holds the error.</summary>
    static abstract bool TryRead(ref CsvLineReader fields, out T value);

    /// <summary>Writes one record as the fields of a line.</summary>
    static abstract void Write(in T value, ref CsvLineWriter fields);
}
