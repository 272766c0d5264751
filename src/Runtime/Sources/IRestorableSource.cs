namespace CompiledFlow;

/// <summary>
/// A source (or one split of a split source) that a checkpointed job can restart from where it was.
/// A position is opaque to the runtime: each source decides what it means (a record index, a file's
/// byte offset, a Kafka partition's offset) and only ever gets back values its readers reported.
/// </summary>
public interface IRestorableSource<T> : ISource<T>
{
    /// <summary>Opens a reader that continues right after <paramref name="position"/>, a value of <see cref="IPositionedReader.Position"/>.</summary>
    ISourceReader<T> Open(long position);
}

/// <summary>A reader of an <see cref="IRestorableSource{T}"/> that can say where it is.</summary>
public interface IPositionedReader
{
    /// <summary>The position after the last batch returned: reopening there continues with the next record.</summary>
    long Position { get; }
}
