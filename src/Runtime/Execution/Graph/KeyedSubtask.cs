using System.Buffers;
using System.Diagnostics;

namespace CompiledFlow.Execution;

/// <summary>
/// Runs one subtask of a keyed stage: feeds it the batches routed to it, merges its producers'
/// watermarks, forwards its output and its watermark downstream, and at the end of every input
/// fires the final watermark. In a parallel job, or with several producers, the subtask owns a
/// bounded inbox (a full inbox makes producers wait: back-pressure), run by its producers or by a
/// loop of its own (<see cref="SubtaskInbox{TMessage}"/>); with one producer at parallelism 1 the
/// producer calls it directly, and so does the one producer of a local subtask (a stage after a
/// <c>[KeyBy(Local = true)]</c>, see <see cref="LocalExchange{TKey, TValue, TOut}"/>). Lifecycle: created by the exchange
/// (restoring its state when the run restores a checkpoint), then batches, watermarks and barriers,
/// then one end per producer.
/// <para>
/// Checkpoints align barriers as in Flink: once barrier n has come from a producer, that producer's
/// later messages wait in a stash until barrier n has come from every producer still running; then
/// the subtask writes its state (watermark, then the keyed operator's), acknowledges, forwards the
/// barrier and goes on with the stash.
/// </para>
/// </summary>
internal sealed class KeyedSubtask<TKey, TValue, TOut>
{
    private readonly GraphContext _context;
    private readonly IKeyedStage<TKey, TValue, TOut> _stage;
    private readonly IBatchTarget<TOut> _next;
    private readonly SinkTarget<TValue>? _late;
    private readonly int _lateProducer;
    private readonly int _index;
    private readonly bool _local;
    private readonly string _name;
    private readonly int _participant;
    private readonly WatermarkMerger _watermarks;
    private readonly SubtaskInbox<ExchangeMessage<Keyed<TKey, TValue>>>? _inbox;
    private readonly bool[] _blocked;
    private readonly Queue<ExchangeMessage<Keyed<TKey, TValue>>> _stash = new();
    private int _blockedCount;
    private bool _idle; // a local subtask that told the next stage it is idle
    private long _aligning; // the checkpoint whose barriers are being aligned; 0 for none
    private long _alignmentStart;
    private int _lastSnapshotBytes = 256;
    private OutputBuffer<TOut> _output;
    private OutputBuffer<TValue> _lateOutput;

    // local: a subtask of a local stage, run only by its one producer, owning every key that producer
    // sends, and restored from the saved subtasks whose index is its own modulo the subtasks.
    public KeyedSubtask(GraphContext context, int stage, IKeyedStage<TKey, TValue, TOut> keyedStage, IBatchTarget<TOut> next, KeyOwnership owner, int producers, int subtasks, bool local = false)
    {
        _context = context;
        _stage = keyedStage;
        _next = next;
        _late = context.LateTarget<TValue>();
        _lateProducer = _late?.AddProducers(1) ?? 0;
        _index = owner.Subtask;
        _local = local;
        string pipeline = keyedStage.GetType().DeclaringType?.FullName?.Replace('+', '.') ?? keyedStage.GetType().Name;
        _name = $"{pipeline} keyed stage {keyedStage.GetType().Name}, subtask {_index}";
        _participant = context.Checkpoints.Register($"stage{stage}-subtask-{_index}");
        _watermarks = new WatermarkMerger(producers);
        _blocked = new bool[producers];
        _output = new OutputBuffer<TOut>(context.Options.BatchSize);
        _lateOutput = new OutputBuffer<TValue>(16);
        Restore(stage, owner);
        // Several producers (parallel upstream subtasks or source splits) must not call a subtask at once: give it an inbox.
        if (!local && (context.Parallel || producers > 1))
        {
            _inbox = SubtaskInbox<ExchangeMessage<Keyed<TKey, TValue>>>.For(context, producers, subtasks, ProcessAsync);
        }
    }

    /// <summary>Delivers a batch: queued (copied into a pooled array) in a parallel job, processed at once otherwise.</summary>
    public ValueTask DeliverAsync(int producer, ReadOnlyMemory<Keyed<TKey, TValue>> batch, CancellationToken cancellationToken)
    {
        if (_inbox is null)
        {
            return OnBatchAsync(batch.Span, cancellationToken);
        }

        Keyed<TKey, TValue>[] copy = ArrayPool<Keyed<TKey, TValue>>.Shared.Rent(batch.Length);
        batch.Span.CopyTo(copy);
        return _inbox.SendAsync(new(ExchangeMessageKind.Batch, producer, copy, batch.Length, 0), cancellationToken);
    }

    /// <summary>
    /// With no inbox (parallelism 1, one producer) and a stage that fuses with the source chain:
    /// runs the chain straight into the stage and returns true, with the flush of the output.
    /// </summary>
    public bool TryProcessFromSource<TIn>(IOperatorChain<TIn, Keyed<TKey, TValue>> chain, ReadOnlySpan<TIn> batch, CancellationToken cancellationToken, out ValueTask flushed)
    {
        if (_inbox is not null || _stage is not IFusedKeyedStage<TIn, TKey, TValue, TOut> fused)
        {
            flushed = default;
            return false;
        }

        fused.ProcessSource(chain, batch, ref _output, ref _lateOutput);
        flushed = FlushAsync(cancellationToken);
        return true;
    }

    /// <summary>Delivers a batch the caller rented and hands over (a partition of a larger batch).</summary>
    public ValueTask DeliverOwnedAsync(int producer, Keyed<TKey, TValue>[] batch, int count, CancellationToken cancellationToken) =>
        _inbox!.SendAsync(new(ExchangeMessageKind.Batch, producer, batch, count, 0), cancellationToken);

    public ValueTask WatermarkAsync(int producer, long watermark, CancellationToken cancellationToken) =>
        Send(new(ExchangeMessageKind.Watermark, producer, null, 0, watermark), cancellationToken);

    public ValueTask IdleAsync(int producer, CancellationToken cancellationToken) =>
        Send(new(ExchangeMessageKind.Idle, producer, null, 0, 0), cancellationToken);

    public ValueTask BarrierAsync(int producer, long checkpointId, CancellationToken cancellationToken) =>
        Send(new(ExchangeMessageKind.Barrier, producer, null, 0, checkpointId), cancellationToken);

    public ValueTask EndAsync(int producer, CancellationToken cancellationToken) =>
        Send(new(ExchangeMessageKind.End, producer, null, 0, 0), cancellationToken);

    private ValueTask Send(ExchangeMessage<Keyed<TKey, TValue>> message, CancellationToken cancellationToken) =>
        _inbox is null ? HandleAsync(message, cancellationToken) : _inbox.SendAsync(message, cancellationToken);

    /// <summary>Takes one message from the inbox; true once every producer has ended.</summary>
    private async ValueTask<bool> ProcessAsync(ExchangeMessage<Keyed<TKey, TValue>> message, CancellationToken cancellationToken)
    {
        if (_aligning != 0 && _blocked[message.Producer])
        {
            _stash.Enqueue(message); // after its barrier: waits until the checkpoint is aligned
            return false;
        }

        await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        return _watermarks.AllEnded;
    }

    private async ValueTask HandleAsync(ExchangeMessage<Keyed<TKey, TValue>> message, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case ExchangeMessageKind.Batch:
                try
                {
                    await OnBatchAsync(message.Batch.AsMemory(0, message.Count), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    PooledArrays.Return(message.Batch!, message.Count);
                }

                break;
            case ExchangeMessageKind.Watermark:
                bool wasIdle = _idle;
                _idle = false;
                if (_watermarks.Update(message.Producer, message.Watermark))
                {
                    await AdvanceAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (wasIdle)
                {
                    await _next.WatermarkAsync(_index, _watermarks.Current, cancellationToken).ConfigureAwait(false); // active again
                }

                break;
            case ExchangeMessageKind.Idle:
                if (_watermarks.MarkIdle(message.Producer))
                {
                    await AdvanceAsync(cancellationToken).ConfigureAwait(false);
                }

                if (_local)
                {
                    // A local subtask is as idle as its one producer: let the next stage leave it out too.
                    _idle = true;
                    await _next.IdleAsync(_index, cancellationToken).ConfigureAwait(false);
                }

                break;
            case ExchangeMessageKind.Barrier:
                await OnBarrierAsync(message.Producer, message.Watermark, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await OnEndAsync(message.Producer, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private ValueTask OnBatchAsync(ReadOnlyMemory<Keyed<TKey, TValue>> batch, CancellationToken cancellationToken) =>
        OnBatchAsync(batch.Span, cancellationToken);

    private ValueTask OnBatchAsync(ReadOnlySpan<Keyed<TKey, TValue>> batch, CancellationToken cancellationToken)
    {
        try
        {
            _stage.ProcessBatch(batch, ref _output, ref _lateOutput);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failure(e);
        }

        return FlushAsync(cancellationToken);
    }

    /// <summary>An operator of the stage threw: name the pipeline, the stage and the subtask.</summary>
    private PipelineException Failure(Exception inner)
    {
        string stage = _stage.GetType().Name;
        string pipeline = _stage.GetType().DeclaringType?.FullName?.Replace('+', '.') ?? stage;
        return new PipelineException(pipeline, $"keyed stage {stage}, subtask {_index}", inner);
    }

    private async ValueTask OnBarrierAsync(int producer, long checkpointId, CancellationToken cancellationToken)
    {
        if (_aligning == 0)
        {
            _aligning = checkpointId;
            _alignmentStart = Stopwatch.GetTimestamp();
        }

        _blocked[producer] = true;
        _blockedCount++;
        await CompleteAlignmentAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>When barrier n has come from every running producer: snapshot, acknowledge, forward, then replay the stash.</summary>
    private async ValueTask CompleteAlignmentAsync(CancellationToken cancellationToken)
    {
        if (_aligning == 0 || _blockedCount < _watermarks.Running)
        {
            return;
        }

        long checkpointId = _aligning;
        _context.Checkpoints.Acknowledge(_participant, checkpointId, Snapshot(), Stopwatch.GetElapsedTime(_alignmentStart));
        await _next.BarrierAsync(_index, checkpointId, cancellationToken).ConfigureAwait(false);
        if (_late is not null)
        {
            await _late.BarrierAsync(_lateProducer, checkpointId, cancellationToken).ConfigureAwait(false);
        }

        _aligning = 0;
        _blockedCount = 0;
        Array.Clear(_blocked);
        for (int pending = _stash.Count; pending > 0; pending--)
        {
            ExchangeMessage<Keyed<TKey, TValue>> message = _stash.Dequeue();
            if (_aligning != 0 && _blocked[message.Producer])
            {
                _stash.Enqueue(message);
                continue;
            }

            await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The subtask's checkpoint state: its watermark, then its keyed operator's state.</summary>
    private ReadOnlyMemory<byte> Snapshot()
    {
        var state = new StateWriter(_lastSnapshotBytes + (_lastSnapshotBytes >> 3)); // sized from the last one: no regrowth of a large state
        state.WriteInt64(_watermarks.Current);
        try
        {
            _stage.Snapshot(state);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failure(e);
        }

        _lastSnapshotBytes = state.Written.Length;
        return state.Written;
    }

    /// <summary>
    /// Takes the keys this subtask owns from every subtask state of the checkpoint, whatever
    /// parallelism wrote them; a local subtask takes every key of the saved subtasks it inherits.
    /// </summary>
    private void Restore(int stage, KeyOwnership owner)
    {
        if (_context.Checkpoints.Restored is not { } image)
        {
            return;
        }

        KeyValuePair<string, byte[]>[] saved = [.. image.WithPrefix($"stage{stage}-subtask-")];
        if (saved.Length == 0)
        {
            throw new CheckpointException($"The checkpoint in '{image.Location}' has no state for {_name}: it was taken from a pipeline without this keyed stage.");
        }

        long watermark = long.MinValue;
        foreach ((string file, byte[] data) in saved)
        {
            if (_local && SavedIndex(file, stage) % owner.Parallelism != _index)
            {
                continue;
            }

            var state = new StateReader(data, _name);
            watermark = Math.Max(watermark, state.ReadInt64());
            _stage.Restore(state, _local ? KeyOwnership.All : owner);
            if (!state.AtEnd)
            {
                throw new CheckpointException($"The state of {_name} in '{file}' has bytes left after the operator read it: the operator's state layout changed.");
            }
        }

        _watermarks.Restore(watermark);
    }

    /// <summary>The subtask index in a saved state's file name, <c>stage1-subtask-3.state</c>.</summary>
    private static int SavedIndex(string file, int stage)
    {
        string index = file[$"stage{stage}-subtask-".Length..file.IndexOf('.', StringComparison.Ordinal)];
        return int.Parse(index, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async ValueTask OnEndAsync(int producer, CancellationToken cancellationToken)
    {
        if (_watermarks.End(producer))
        {
            await AdvanceAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_watermarks.AllEnded)
        {
            _context.Checkpoints.Finish(_participant, _context.Checkpoints.Enabled ? Snapshot() : ReadOnlyMemory<byte>.Empty);
            await _next.CompleteAsync(_index, cancellationToken).ConfigureAwait(false);
            if (_late is not null)
            {
                await _late.CompleteAsync(_lateProducer, cancellationToken).ConfigureAwait(false);
            }

            _output.Dispose();
            _lateOutput.Dispose();
            return;
        }

        await CompleteAlignmentAsync(cancellationToken).ConfigureAwait(false); // one producer fewer to wait for
    }

    private async ValueTask AdvanceAsync(CancellationToken cancellationToken)
    {
        Advance(_watermarks.Current);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _next.WatermarkAsync(_index, _watermarks.Current, cancellationToken).ConfigureAwait(false);
    }

    private void Advance(long watermark)
    {
        try
        {
            _stage.AdvanceWatermark(watermark, ref _output);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failure(e);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_output.Count > 0)
        {
            await _next.WriteAsync(_index, _output.Written, cancellationToken).ConfigureAwait(false);
            _output.Clear();
        }

        if (_lateOutput.Count > 0)
        {
            _context.CountLate(_lateOutput.Count);
            if (_late is not null)
            {
                await _late.WriteAsync(_lateProducer, _lateOutput.Written, cancellationToken).ConfigureAwait(false);
            }

            _lateOutput.Clear();
        }
    }
}
