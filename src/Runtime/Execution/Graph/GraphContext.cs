using System.Runtime.ExceptionServices;

namespace CompiledFlow.Execution;

/// <summary>
/// What the tasks of one job run share: the options, the cancellation that stops every task when
/// one fails, the subtask loops to wait for, the late-data outputs and the checkpoint coordinator.
/// </summary>
internal sealed class GraphContext : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly List<Task> _loops = [];
    private readonly Dictionary<Type, object> _lateTargets;
    private ExceptionDispatchInfo? _failure;
    private long _late;

    public GraphContext(JobOptions options, IReadOnlyDictionary<Type, object> lateTargets, CheckpointCoordinator checkpoints, CancellationToken cancellationToken)
    {
        Options = options;
        Checkpoints = checkpoints;
        _lateTargets = new Dictionary<Type, object>(lateTargets);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public JobOptions Options { get; }

    public CheckpointCoordinator Checkpoints { get; }

    /// <summary>The source splits paused by watermark alignment, which run subtasks handed to them.</summary>
    public PausedProducers PausedProducers { get; } = new();

    /// <summary>True once the job was stopped with a savepoint: the cancellation that follows is no failure.</summary>
    public bool Stopped { get; private set; }

    /// <summary>True when keyed stages run one task per subtask, connected by bounded queues.</summary>
    public bool Parallel => Options.Parallelism > 1;

    public CancellationToken Cancellation => _cancellation.Token;

    public long LateRecords => Interlocked.Read(ref _late);

    /// <summary>Starts a subtask loop on the thread pool; a failure cancels the whole job.</summary>
    public void Start(Func<CancellationToken, Task> loop)
    {
        _loops.Add(Task.Run(async () =>
        {
            try
            {
                await loop(Cancellation).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Fail(e);
                throw;
            }
        }));
    }

    /// <summary>Waits for <paramref name="subtask"/> too before the job ends: a subtask that runs on its producers' threads.</summary>
    public void Track(Task subtask) => _loops.Add(subtask);

    /// <summary>Waits for every subtask loop.</summary>
    public Task WhenAllLoopsAsync() => Task.WhenAll(_loops);

    /// <summary>Records the first failure and cancels every task.</summary>
    public void Fail(Exception exception)
    {
        if (Stopped && exception is OperationCanceledException)
        {
            return;
        }

        if (exception is not OperationCanceledException || _failure is null)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(exception), null);
        }

        _cancellation.Cancel();
    }

    /// <summary>Stops every task without a failure (after a savepoint).</summary>
    public void Stop()
    {
        Stopped = true;
        _cancellation.Cancel();
    }

    /// <summary>Rethrows the first failure of any task, if there was one.</summary>
    public void ThrowIfFailed() => _failure?.Throw();

    /// <summary>Where late records of type <typeparamref name="T"/> go: the late-data sink for that type, or nowhere (counted only).</summary>
    public SinkTarget<T>? LateTarget<T>() => _lateTargets.TryGetValue(typeof(T), out object? target) ? (SinkTarget<T>)target : null;

    public void CountLate(int records) => Interlocked.Add(ref _late, records);

    public void Dispose() => _cancellation.Dispose();
}
