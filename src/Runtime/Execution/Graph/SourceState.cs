namespace CompiledFlow.Execution;

/// <summary>A source split's checkpoint state: its reader's position and its chain's largest event timestamp.</summary>
internal readonly record struct SourceState(long Position, long MaxTimestamp)
{
    public ReadOnlyMemory<byte> Encode()
    {
        var state = new StateWriter(16);
        state.WriteInt64(Position);
        state.WriteInt64(MaxTimestamp);
        return state.Written;
    }

    public static SourceState Decode(byte[] data, string name)
    {
        var state = new StateReader(data, name);
        var decoded = new SourceState(state.ReadInt64(), state.ReadInt64());
        return state.AtEnd ? decoded : throw new CheckpointException($"The state of {name} has {data.Length} bytes; a source's state has 16.");
    }
}
