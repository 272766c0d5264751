using System.Collections;

namespace CompiledFlow;

/// <summary>Keeps rejected lines in memory, in the order they were met; safe to share between sources.</summary>
public sealed class RejectedRecordList : IRejectedRecords, IReadOnlyList<RejectedRecord>
{
    private readonly List<RejectedRecord> _records = [];

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_records)
            {
                return _records.Count;
            }
        }
    }

    /// <inheritdoc />
    public RejectedRecord this[int index]
    {
        get
        {
            lock (_records)
            {
                return _records[index];
            }
        }
    }

    /// <inheritdoc />
    public void Add(RejectedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_records)
        {
            _records.Add(record);
        }
    }

    /// <summary>Enumerates a snapshot taken when enumeration starts.</summary>
    public IEnumerator<RejectedRecord> GetEnumerator()
    {
        RejectedRecord[] snapshot;
        lock (_records)
        {
            snapshot = [.. _records];
        }
        return ((IEnumerable<RejectedRecord>)snapshot).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
