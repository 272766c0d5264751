namespace CompiledFlow.Execution;

/// <summary>
/// Where a task sends what it produces: the next keyed stage's exchange, or the sinks. Producers
/// are numbered 0..n-1 so a target with several producers can take the minimum of their watermarks.
/// A batch's memory is only valid during the call: a target that keeps it must copy it.
/// </summary>
internal interface IBatchTarget<T>
{
    ValueTask WriteAsync(int producer, ReadOnlyMemory<T> batch, CancellationToken cancellationToken);

    ValueTask WatermarkAsync(int producer, long watermark, CancellationToken cancellationToken);

    /// <summary>The producer has had nothing to send for its idle timeout: leave it out of the watermark until it sends one again.</summary>
    ValueTask IdleAsync(int producer, CancellationToken cancellationToken);

    /// <summary>The producer has sent everything before checkpoint <paramref name="checkpointId"/>; what it sends next belongs after it.</summary>
    ValueTask BarrierAsync(int producer, long checkpointId, CancellationToken cancellationToken);

    ValueTask CompleteAsync(int producer, CancellationToken cancellationToken);
}
