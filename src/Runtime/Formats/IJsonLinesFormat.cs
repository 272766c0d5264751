namespace CompiledFlow.Formats;

/// <summary>
/// How one record type maps to a JSON object on one line (JSON Lines), decided at compile time by
/// the generator: property names are the record's member names (camelCase accepted on read).
/// </summary>
public interface IJsonLinesFormat<T>
{
    /// <summary>Reads one record from a line holding one JSON object; on false, the reader holds the error.</summary>
    static abstract bool TryRead(ref JsonLineReader reader, out T value);

    /// <summary>Writes one record as one JSON object.</summary>
    static abstract void Write(in T value, ref JsonLineWriter writer);
}
