using System.Buffers;
using System.Threading.Channels;

namespace CompiledFlow.Execution;

/// <summary>
/// Runs one subtask of a keyed stage: feeds it the batches routed to it, merges its producers'
/// watermarks, forwards its output and its watermark downstream, and at the end of every input
/// fires the final watermark. In a parallel job, or with several producers, the subtask owns a
/// bounded inbox read by its own loop (a full inbox makes producers wait: back-pressure); with one
/// producer at parallelism 1 the producer calls it directly. Lifecycle: created by the exchange, then batches and watermarks, then one end per producer.
/// </summary>
internal sealed class KeyedSubtask<TKey, TValue, TOut>
{
    private const int InboxCapacity = 8; // batches; bounds memory between a producer and a subtask

    private readonly GraphContext _context;
    private readonly IKeyedStage<TKey, TValue, TOut> _stage;
    private readonly IBatchTarget<TOut> _next;
    private readonly IBatchTarget<TValue>? _late;
    private readonly int _index;
    private readonly WatermarkMerger _watermarks;
    private readonly Channel<ExchangeMessage<Keyed<TKey, TValue>>>? _inbox;
    private OutputBuffer<TOut> _output;
    private OutputBuffer<TValue> _lateOutput;

    public KeyedSubtask(GraphContext context, IKeyedStage<TKey, TValue, TOut> stage, IBatchTarget<TOut> next, int index, int producers)
    {
        _context = context;
        _stage = stage;
        _next = next;
        _late = context.LateTarget<TValue>();
        _index = index;
        _watermarks = new WatermarkMerger(producers);
        _output = new OutputBuffer<TOut>(context.Options.BatchSize);
        _lateOutput = new OutputBuffer<TValue>(16);
        // Several producers (parallel upstream subtasks or source splits) must not call a subtask at once: give it an inbox.
        if (context.Parallel || producers > 1)
        {
            _inbox = Channel.CreateBounded<ExchangeMessage<Keyed<TKey, TValue>>>(
                new BoundedChannelOptions(InboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            context.Start(RunLoopAsync);
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
        return _inbox.Writer.WriteAsync(new(ExchangeMessageKind.Batch, producer, copy, batch.Length, 0), cancellationToken);
    }

    /// <summary>Delivers a batch the caller rented and hands over (a partition of a larger batch).</summary>
    public ValueTask DeliverOwnedAsync(int producer, Keyed<TKey, TValue>[] batch, int count, CancellationToken cancellationToken) =>
        _inbox!.Writer.WriteAsync(new(ExchangeMessageKind.Batch, producer, batch, count, 0), cancellationToken);

    public ValueTask WatermarkAsync(int producer, long watermark, CancellationToken cancellationToken) =>
        _inbox is null
            ? OnWatermarkAsync(producer, watermark, cancellationToken)
            : _inbox.Writer.WriteAsync(new(ExchangeMessageKind.Watermark, producer, null, 0, watermark), cancellationToken);

    public ValueTask IdleAsync(int producer, CancellationToken cancellationToken) =>
        _inbox is null
            ? OnIdleAsync(producer, cancellationToken)
            : _inbox.Writer.WriteAsync(new(ExchangeMessageKind.Idle, producer, null, 0, 0), cancellationToken);

    public ValueTask EndAsync(int producer, CancellationToken cancellationToken) =>
        _inbox is null
            ? OnEndAsync(producer, cancellationToken)
            : _inbox.Writer.WriteAsync(new(ExchangeMessageKind.End, producer, null, 0, 0), cancellationToken);

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (ExchangeMessage<Keyed<TKey, TValue>> message in _inbox!.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
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
                        ArrayPool<Keyed<TKey, TValue>>.Shared.Return(message.Batch!, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<Keyed<TKey, TValue>>());
                    }

                    break;
                case ExchangeMessageKind.Watermark:
                    await OnWatermarkAsync(message.Producer, message.Watermark, cancellationToken).ConfigureAwait(false);
                    break;
                case ExchangeMessageKind.Idle:
                    await OnIdleAsync(message.Producer, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await OnEndAsync(message.Producer, cancellationToken).ConfigureAwait(false);
                    if (_watermarks.AllEnded)
                    {
                        return;
                    }

                    break;
            }
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

    private async ValueTask OnWatermarkAsync(int producer, long watermark, CancellationToken cancellationToken)
    {
        if (_watermarks.Update(producer, watermark))
        {
            await AdvanceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask OnIdleAsync(int producer, CancellationToken cancellationToken)
    {
        if (_watermarks.MarkIdle(producer))
        {
            await AdvanceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask OnEndAsync(int producer, CancellationToken cancellationToken)
    {
        if (_watermarks.End(producer))
        {
            await AdvanceAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_watermarks.AllEnded)
        {
            await _next.CompleteAsync(_index, cancellationToken).ConfigureAwait(false);
            _output.Dispose();
            _lateOutput.Dispose();
        }
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
                await _late.WriteAsync(_index, _lateOutput.Written, cancellationToken).ConfigureAwait(false);
            }

            _lateOutput.Clear();
        }
    }
}
