using System.Buffers;
using System.Diagnostics;

namespace CompiledFlow.Execution;

/// <summary>
/// Hands batches to the sinks of a job (or to one late-data output). Several subtasks may write at
/// once, so a gate lets one batch through at a time: sink writers need not be thread-safe.
/// Watermarks stop here.
/// <para>
/// Checkpoints: once a producer has sent barrier n, its later batches are held here (copied) until
/// every running producer has sent it; then the sinks pre-commit their transactions, the held batches
/// are written, and the target acknowledges with the names of every transaction not yet committed.
/// When checkpoint n is stored, the transactions up to n are committed. Holding batches rather than
/// blocking the producer (as a Flink task blocks an input channel) matters because a producer may be
/// running other subtasks' work on its thread (<see cref="SubtaskInbox{TMessage}"/>), among them
/// the work that brings the barrier it would wait for.
/// </para>
/// </summary>
internal sealed class SinkTarget<T> : IBatchTarget<T>, ISinkParticipant
{
    private readonly SinkConnection<T>[] _sinks;
    private readonly List<(long Checkpoint, string Name)>[] _uncommitted;
    private readonly CheckpointCoordinator _checkpoints;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _alignment = new();
    private int _producers;
    private long _aligning;
    private long _alignmentStart;
    private bool _completing;
    private bool[] _blocked = []; // sent the barrier being aligned
    private bool[] _ended = [];
    private readonly List<(T[] Batch, int Count)> _held = [];
    private long _written;

    public SinkTarget(string name, IEnumerable<SinkConnection<T>> sinks, CheckpointCoordinator checkpoints, IReadOnlyList<string>[]? restored = null)
    {
        Name = name;
        _sinks = [.. sinks];
        _uncommitted = [.. _sinks.Select((_, i) => restored is not null && i < restored.Length
            ? restored[i].Select(transaction => (checkpoints.Restored!.Id, transaction)).ToList()
            : [])];
        _checkpoints = checkpoints;
        Participant = checkpoints.RegisterSink(this);
    }

    public string Name { get; }

    public int Participant { get; }

    public long Written => Interlocked.Read(ref _written);

    /// <summary>The one sink, when there is one and it can take records from the fused loop.</summary>
    public IFusedSinkWriter<T>? FusedWriter => _sinks is [{ Fused: { } fused }] ? fused : null;

    /// <summary>Adds <paramref name="count"/> producers; returns the number of the first.</summary>
    public int AddProducers(int count)
    {
        lock (_alignment)
        {
            _producers += count;
            Array.Resize(ref _blocked, _producers);
            Array.Resize(ref _ended, _producers);
            return _producers - count;
        }
    }

    /// <summary>Counts records a fused writer took directly.</summary>
    public void CountWritten(int records) => Interlocked.Add(ref _written, records);

    public async ValueTask WriteAsync(int producer, ReadOnlyMemory<T> batch, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        lock (_alignment)
        {
            if (_aligning != 0 && _blocked[producer])
            {
                T[] held = ArrayPool<T>.Shared.Rent(batch.Length);
                batch.Span.CopyTo(held);
                _held.Add((held, batch.Length)); // after its barrier: written once the checkpoint is aligned
                return;
            }
        }

        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (SinkConnection<T> sink in _sinks)
            {
                await sink.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            _written += batch.Length;
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask WatermarkAsync(int producer, long watermark, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask IdleAsync(int producer, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask BarrierAsync(int producer, long checkpointId, CancellationToken cancellationToken)
    {
        bool aligned;
        lock (_alignment)
        {
            if (_aligning == 0)
            {
                _aligning = checkpointId;
                _alignmentStart = Stopwatch.GetTimestamp();
            }

            _blocked[producer] = true;
            aligned = StartCompletionIfAligned();
        }

        if (aligned)
        {
            await CompleteAlignmentAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(int producer, CancellationToken cancellationToken)
    {
        bool aligned;
        lock (_alignment)
        {
            _ended[producer] = true;
            aligned = StartCompletionIfAligned();
        }

        if (aligned)
        {
            await CompleteAlignmentAsync(cancellationToken).ConfigureAwait(false); // the producers left have all sent the barrier
        }
    }

    // Under _alignment: true for exactly one caller once every producer has sent the barrier or ended
    // (a producer may do both: it is not blocked after its barrier).
    private bool StartCompletionIfAligned()
    {
        if (_aligning == 0 || _completing)
        {
            return false;
        }

        for (int producer = 0; producer < _producers; producer++)
        {
            if (!_blocked[producer] && !_ended[producer])
            {
                return false;
            }
        }

        _completing = true;
        return true;
    }

    /// <summary>Pre-commits for the final checkpoint, when every producer has ended.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> PreCommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PreCommitLockedAsync(checkpointId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int i = 0; i < _sinks.Length; i++)
            {
                string[] due = [.. _uncommitted[i].Where(t => t.Checkpoint <= checkpointId).Select(t => t.Name)];
                await _sinks[i].CommitAsync(due, cancellationToken).ConfigureAwait(false);
                _uncommitted[i].RemoveAll(t => t.Checkpoint <= checkpointId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The transactions a checkpoint recorded for each sink of the target named <paramref name="name"/>, for recovery.</summary>
    public static IReadOnlyList<string>[]? Recovered(CheckpointImage? image, string name)
    {
        if (image is null || !image.Files.TryGetValue(name + ".state", out byte[]? data))
        {
            return null;
        }

        var state = new StateReader(data, name);
        var sinks = new IReadOnlyList<string>[state.ReadInt32()];
        for (int i = 0; i < sinks.Length; i++)
        {
            var names = new string[state.ReadInt32()];
            for (int j = 0; j < names.Length; j++)
            {
                names[j] = state.ReadString();
            }

            sinks[i] = names;
        }

        return sinks;
    }

    /// <summary>Pre-commits, writes the batches held meanwhile (those held while writing too), releases the producers, acknowledges.</summary>
    private async ValueTask CompleteAlignmentAsync(CancellationToken cancellationToken)
    {
        long checkpointId = _aligning;
        ReadOnlyMemory<byte> state;
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            state = await PreCommitLockedAsync(checkpointId, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                (T[] Batch, int Count)[] held;
                lock (_alignment)
                {
                    if (_held.Count == 0)
                    {
                        Array.Clear(_blocked);
                        _aligning = 0;
                        _completing = false;
                        break;
                    }

                    held = [.. _held];
                    _held.Clear();
                }

                foreach ((T[] batch, int count) in held)
                {
                    foreach (SinkConnection<T> sink in _sinks)
                    {
                        await sink.WriteBatchAsync(batch.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                    }

                    _written += count;
                    PooledArrays.Return(batch, count);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        _checkpoints.Acknowledge(Participant, checkpointId, state, Stopwatch.GetElapsedTime(_alignmentStart));
    }

    private async ValueTask<ReadOnlyMemory<byte>> PreCommitLockedAsync(long checkpointId, CancellationToken cancellationToken)
    {
        var state = new StateWriter();
        state.WriteInt32(_sinks.Length);
        for (int i = 0; i < _sinks.Length; i++)
        {
            if (await _sinks[i].PreCommitAsync(checkpointId, cancellationToken).ConfigureAwait(false) is { } transaction)
            {
                _uncommitted[i].Add((checkpointId, transaction));
            }

            state.WriteInt32(_uncommitted[i].Count);
            foreach ((_, string name) in _uncommitted[i])
            {
                state.WriteString(name);
            }
        }

        return state.Written;
    }

    private ValueTask EnterAsync(CancellationToken cancellationToken) =>
        _gate.Wait(0) ? ValueTask.CompletedTask : new ValueTask(_gate.WaitAsync(cancellationToken)); // uncontended: no task allocated
}
