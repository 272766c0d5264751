namespace CompiledFlow;

/// <summary>
/// Where a file source puts the lines it cannot read when <see cref="FileSourceOptions.RejectTo"/>
/// is set (a dead-letter output): bad lines are never silently dropped. May be called from several
/// sources at once.
/// </summary>
public interface IRejectedRecords
{
    /// <summary>Keeps one rejected line.</summary>
    void Add(RejectedRecord record);
}
