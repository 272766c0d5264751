namespace CompiledFlow;

/// <summary>
/// A checkpoint or savepoint cannot be taken or restored: it is incomplete or corrupt, it does not
/// fit the job (another pipeline, other splits), or an operator's state types changed.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public CheckpointException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
