namespace CompiledFlow;

/// <summary>Factory methods for the sources that need no generated code.</summary>
public static class Sources
{
    /// <summary>A bounded source over an array or other memory; batches are slices of it.</summary>
    public static CollectionSource<T> FromMemory<T>(ReadOnlyMemory<T> records) => new(records);

    /// <summary>A source whose splits are read in parallel, each with its own watermark.</summary>
    public static SplitSource<T> FromSplits<T>(params ISource<T>[] splits) => new(splits);

    /// <summary>A bounded source over a sequence, materialized once when the source is created.</summary>
    public static CollectionSource<T> FromEnumerable<T>(IEnumerable<T> records) => new(records.ToArray());
}
