using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CompiledFlow.Execution;

/// <summary>
/// Processes one message of a subtask; returns true once the subtask has ended (no message follows).
/// </summary>
internal delegate ValueTask<bool> ProcessMessage<TMessage>(TMessage message, CancellationToken cancellationToken);

/// <summary>
/// Where the messages of a subtask with several producers, or in a parallel job, wait, and which
/// thread runs the subtask on them. Either way the inbox is bounded: a full inbox makes a producer
/// wait (back-pressure), and the subtask sees one message at a time, in each producer's order.
/// </summary>
internal abstract class SubtaskInbox<TMessage>
{
    /// <summary>Messages an inbox holds before its producers wait.</summary>
    public const int Capacity = 8;

    public abstract ValueTask SendAsync(TMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The inbox for a subtask with <paramref name="producers"/> producers among
    /// <paramref name="subtasks"/> subtasks: run by its senders when there are at least as many
    /// producers as subtasks (each producer is a running task, so every core already has one),
    /// otherwise by a loop of its own (a single source feeding two subtasks needs a second thread).
    /// </summary>
    public static SubtaskInbox<TMessage> For(GraphContext context, int producers, int subtasks, ProcessMessage<TMessage> process) =>
        producers >= subtasks ? new RunBySenders(context, process) : new Looping(context, process);

    /// <summary>A bounded channel read by the subtask's own loop on the thread pool.</summary>
    private sealed class Looping : SubtaskInbox<TMessage>
    {
        private readonly Channel<TMessage> _channel = Channel.CreateBounded<TMessage>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public Looping(GraphContext context, ProcessMessage<TMessage> process) =>
            context.Start(async cancellationToken =>
            {
                await foreach (TMessage message in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await process(message, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            });

        public override ValueTask SendAsync(TMessage message, CancellationToken cancellationToken) =>
            _channel.Writer.WriteAsync(message, cancellationToken);
    }

    /// <summary>
    /// A queue drained by whichever producer finds the subtask idle: that producer runs the subtask
    /// on its own message and on what other producers queued meanwhile, up to <see cref="Capacity"/>
    /// messages, then goes back to its own work (its source must not stall: its barriers and
    /// watermarks would hold everyone back); what is still queued then is run by a thread-pool task.
    /// No thread woken per batch while the subtask keeps up, and a batch is processed on the core
    /// that just made it. When a source split is paused by watermark alignment, the producer that
    /// finds the subtask idle hands the run to that split instead (<see cref="PausedProducers"/>), so
    /// the producer that is behind goes on with its own work. Safe from deadlock because nothing a
    /// subtask does waits on its upstream: its sends go downstream (an acyclic graph), and a full
    /// downstream inbox is drained by its holder (a split that was handed the run wakes for it).
    /// </summary>
    private sealed class RunBySenders : SubtaskInbox<TMessage>, IHandedRun
    {
        private readonly GraphContext _context;
        private readonly ProcessMessage<TMessage> _process;
        private readonly ConcurrentQueue<TMessage> _queue = new();
        private readonly SemaphoreSlim _space = new(Capacity, Capacity);
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running; // 1 while a producer or a pool task runs the subtask; stays 1 once it has ended or failed

        public RunBySenders(GraphContext context, ProcessMessage<TMessage> process)
        {
            _context = context;
            _process = process;
            context.Track(_ended.Task);
            context.Cancellation.Register(() =>
            {
                if (TryEnter())
                {
                    _ended.TrySetCanceled(); // idle: nobody else will end it
                }
            });
        }

        public override async ValueTask SendAsync(TMessage message, CancellationToken cancellationToken)
        {
            if (!_space.Wait(0))
            {
                await _space.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            _queue.Enqueue(message);
            if (TryEnter() && !_context.PausedProducers.TryHandOver(this)) // a split paused by watermark alignment runs it if there is one
            {
                await RunAsync(Capacity, cancellationToken).ConfigureAwait(false);
            }
        }

        // The flag is held: the paused split runs the subtask as a pool task would, on what is queued.
        public void StartHandedRun(CancellationToken cancellationToken) => _ = RunInBackgroundAsync(cancellationToken);

        private bool TryEnter() => Interlocked.CompareExchange(ref _running, 1, 0) == 0;

        /// <summary>Runs the subtask on up to <paramref name="budget"/> queued messages, then leaves the rest to a pool task.</summary>
        private async ValueTask RunAsync(int budget, CancellationToken cancellationToken)
        {
            try
            {
                do
                {
                    while (_queue.TryDequeue(out TMessage? message))
                    {
                        _space.Release();
                        cancellationToken.ThrowIfCancellationRequested();
                        if (await _process(message, cancellationToken).ConfigureAwait(false))
                        {
                            _ended.TrySetResult();
                            return;
                        }

                        if (--budget <= 0 && !_queue.IsEmpty)
                        {
                            _ = Task.Run(() => RunInBackgroundAsync(cancellationToken), CancellationToken.None); // still running: the flag goes along
                            return;
                        }
                    }

                    Volatile.Write(ref _running, 0);
                    if (cancellationToken.IsCancellationRequested && TryEnter())
                    {
                        _ended.TrySetCanceled(cancellationToken);
                        return;
                    }
                }
                while (!_queue.IsEmpty && TryEnter()); // a message queued while leaving: its sender saw us running
            }
            catch (Exception e)
            {
                _context.Fail(e);
                if (e is OperationCanceledException)
                {
                    _ended.TrySetCanceled();
                }
                else
                {
                    _ended.TrySetException(e);
                }

                throw;
            }
        }

        // The failure is already recorded (job failed, subtask ended): nobody awaits this task.
        private async Task RunInBackgroundAsync(CancellationToken cancellationToken)
        {
            try
            {
                await RunAsync(int.MaxValue, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
            }
        }
    }
}
