namespace CompiledFlow;

/// <summary>Collects output records into a <see cref="List{T}"/>; used by the generated <c>Run</c>.</summary>
public readonly struct ListCollector<T> : ICollector<T>
{
    /// <summary>Creates a collector over a new list with room for <paramref name="capacity"/> records.</summary>
    public ListCollector(int capacity) => Items = new List<T>(capacity);

    /// <summary>The records collected so far.</summary>
    public List<T> Items { get; }

    /// <inheritdoc />
    public void Collect(in T item) => Items.Add(item);
}
