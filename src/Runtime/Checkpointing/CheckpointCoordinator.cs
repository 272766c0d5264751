using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CompiledFlow.Execution;

/// <summary>
/// Runs the checkpoints of one job run, as Flink's asynchronous barrier snapshotting: it triggers
/// checkpoint n (every <see cref="JobOptions.CheckpointInterval"/>, or for a savepoint); each source
/// task records its position and sends barrier n downstream; each keyed subtask, once it has barrier
/// n from all its inputs, writes its state and forwards the barrier; each sink pre-commits its
/// transaction. Every task acknowledges with its state; when all have, the checkpoint is stored on a
/// background task (processing goes on) and then the sinks commit. One checkpoint is in flight at a
/// time. A task that has finished acknowledges every later checkpoint with its final state.
/// </summary>
internal sealed class CheckpointCoordinator
{
    private readonly object _lock = new();
    private readonly List<string> _names = [];
    private readonly List<ReadOnlyMemory<byte>?> _finished = [];
    private readonly List<ISinkParticipant> _sinks = [];
    private readonly string _pipeline;
    private readonly CheckpointStorage? _storage;
    private readonly ILogger _logger;
    private readonly Action<Exception> _fail;
    private readonly CancellationTokenSource _stopping = new();
    private Pending? _pending;
    private Task _storing = Task.CompletedTask;
    private long _nextId;
    private long _requested;
    private bool _open;
    private TaskCompletionSource _requestSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CheckpointCoordinator(string pipeline, CheckpointStorage? storage, CheckpointImage? restored, ILogger logger, Action<Exception> fail)
    {
        _pipeline = pipeline;
        _storage = storage;
        _logger = logger;
        _fail = fail;
        Restored = restored;
        _nextId = (restored?.Id ?? 0) + 1;
        _requested = _nextId - 1; // sources send barriers for ids above this
    }

    /// <summary>True when checkpoints are stored (a checkpoint directory is set).</summary>
    public bool Enabled => _storage is not null;

    /// <summary>The checkpoint this run restores, if any.</summary>
    public CheckpointImage? Restored { get; }

    /// <summary>The newest checkpoint id sources should send a barrier for.</summary>
    public long Requested => Volatile.Read(ref _requested);

    /// <summary>Completes when the next checkpoint is requested: wakes a source that is waiting for input.</summary>
    public Task NextRequest
    {
        get
        {
            lock (_lock)
            {
                return _requestSignal.Task;
            }
        }
    }

    public CheckpointStatistics Statistics { get; } = new();

    /// <summary>Adds a task that acknowledges checkpoints; returns its number.</summary>
    public int Register(string name)
    {
        lock (_lock)
        {
            _names.Add(name);
            _finished.Add(null);
            return _names.Count - 1;
        }
    }

    /// <summary>Adds a sink, which acknowledges with its pre-committed transactions and commits when a checkpoint is stored.</summary>
    public int RegisterSink(ISinkParticipant sink)
    {
        lock (_lock)
        {
            _sinks.Add(sink);
        }

        return Register(sink.Name);
    }

    /// <summary>Every task has registered: checkpoints may start.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _open = true;
        }
    }

    /// <summary>Starts checkpoint n unless one is in flight (or tasks are still being created); returns the task that completes when it is stored and committed.</summary>
    public Task? Trigger(string? savepointFolder = null)
    {
        lock (_lock)
        {
            if (_pending is not null || !_open)
            {
                return null;
            }

            var pending = new Pending(_nextId++, _names.Count, savepointFolder);
            _pending = pending;
            for (int i = 0; i < _finished.Count; i++)
            {
                if (_finished[i] is { } state)
                {
                    pending.Acknowledge(i, state, TimeSpan.Zero);
                }
            }

            Volatile.Write(ref _requested, pending.Id);
            TaskCompletionSource signal = _requestSignal;
            _requestSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal.TrySetResult();
            CompleteIfAcknowledged(pending);
            return pending.Done.Task;
        }
    }

    /// <summary>Task <paramref name="participant"/> has written its state for checkpoint <paramref name="id"/>; <paramref name="pause"/> is how long it held processing.</summary>
    public void Acknowledge(int participant, long id, ReadOnlyMemory<byte> state, TimeSpan pause)
    {
        lock (_lock)
        {
            if (_pending is { } pending && pending.Id == id)
            {
                pending.Acknowledge(participant, state, pause);
                CompleteIfAcknowledged(pending);
            }
        }
    }

    /// <summary>Task <paramref name="participant"/> has finished; <paramref name="state"/> stands for it in every later checkpoint.</summary>
    public void Finish(int participant, ReadOnlyMemory<byte> state)
    {
        lock (_lock)
        {
            _finished[participant] = state;
            if (_pending is { } pending && !pending.Has(participant))
            {
                pending.Acknowledge(participant, state, TimeSpan.Zero);
                CompleteIfAcknowledged(pending);
            }
        }
    }

    /// <summary>
    /// The run is over (failed or stopped): stops storing the checkpoint in flight and waits for it,
    /// so nothing of this run is written or committed after it returns. A checkpoint whose manifest
    /// was written but whose sinks did not commit is committed by the next run's recovery.
    /// </summary>
    public async Task StopAsync()
    {
        Task storing;
        lock (_lock)
        {
            storing = _storing;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        lock (_lock)
        {
            _pending?.Done.TrySetCanceled(); // a savepoint waiting for it gets an answer
        }

        try
        {
            await storing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Triggers a checkpoint every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunPeriodicAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                Task? done = Trigger();
                if (done is not null)
                {
                    try
                    {
                        await done.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (CheckpointException)
                    {
                        // Overtaken by the end of the input, or failed to store: the job fails on its own then.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// After every task has finished: the checkpoint of the finished job (sources at their end,
    /// every window fired) with the sinks' last transactions, stored, then committed. A rerun restores
    /// it and has nothing left to do, so a crash after the end duplicates nothing.
    /// </summary>
    public async Task CompleteFinalAsync(CancellationToken cancellationToken)
    {
        Pending? inFlight;
        lock (_lock)
        {
            inFlight = _pending;
        }

        if (inFlight is not null && inFlight.Remaining == 0)
        {
            await inFlight.Done.Task.ConfigureAwait(false); // acknowledged: being stored
        }

        Pending pending;
        lock (_lock)
        {
            // A checkpoint the end overtook (some barrier never came) is dropped for this one.
            if (_pending is { Remaining: > 0 } dropped)
            {
                dropped.Done.TrySetException(new CheckpointException($"Checkpoint {dropped.Id} of '{_pipeline}' was overtaken by the end of the input."));
                _logger.LogDebug("Checkpoint {Id} of {Pipeline} was overtaken by the end of the input before {Missing} acknowledged it.", dropped.Id, _pipeline, string.Join(", ", dropped.Missing(_names)));
            }

            pending = new Pending(_nextId++, _names.Count, null);
            _pending = pending;
            for (int i = 0; i < _finished.Count; i++)
            {
                if (_finished[i] is { } state)
                {
                    pending.Acknowledge(i, state, TimeSpan.Zero);
                }
            }
        }

        foreach (ISinkParticipant sink in _sinks)
        {
            ReadOnlyMemory<byte> state = await sink.PreCommitAsync(pending.Id, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                pending.Acknowledge(sink.Participant, state, TimeSpan.Zero);
            }
        }

        if (pending.Remaining != 0)
        {
            throw new InvalidOperationException($"The final checkpoint misses the state of {string.Join(", ", pending.Missing(_names))}.");
        }

        await StoreAndCommitAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    private void CompleteIfAcknowledged(Pending pending)
    {
        if (pending.Remaining == 0 && !pending.Storing)
        {
            pending.Storing = true;
            _storing = Task.Run(async () =>
            {
                try
                {
                    await StoreAndCommitAsync(pending, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    pending.Done.TrySetCanceled();
                }
                catch (Exception e)
                {
                    var failure = new CheckpointException($"Checkpoint {pending.Id} of '{_pipeline}' could not be stored: {e.Message}", e);
                    pending.Done.TrySetException(failure);
                    _fail(failure);
                }
            });
        }
    }

    private async Task StoreAndCommitAsync(Pending pending, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        for (int i = 0; i < _names.Count; i++)
        {
            files[_names[i] + ".state"] = pending.States[i]!.Value;
        }

        long bytes = 0;
        if (pending.SavepointFolder is { } folder)
        {
            bytes = await CheckpointStorage.WriteAsync(folder, pending.Id, _pipeline, savepoint: true, files, cancellationToken).ConfigureAwait(false);
        }
        else if (_storage is not null)
        {
            bytes = await _storage.WriteAsync(pending.Id, _pipeline, files, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested(); // the run is over: recovery commits instead
        foreach (ISinkParticipant sink in _sinks)
        {
            await sink.CommitAsync(pending.Id, cancellationToken).ConfigureAwait(false);
        }

        Statistics.Record(pending.Id, pending.Clock.Elapsed, pending.LongestPause, bytes);
        if (_storage is not null || pending.SavepointFolder is not null)
        {
            _logger.LogDebug("Checkpoint {Id} of {Pipeline} stored: {Bytes} bytes in {Elapsed} ms.", pending.Id, _pipeline, bytes, pending.Clock.ElapsedMilliseconds);
        }

        lock (_lock)
        {
            if (ReferenceEquals(_pending, pending))
            {
                _pending = null;
            }
        }

        pending.Done.TrySetResult();
    }

    /// <summary>One checkpoint in flight: the states acknowledged so far.</summary>
    private sealed class Pending(long id, int participants, string? savepointFolder)
    {
        public long Id { get; } = id;

        public string? SavepointFolder { get; } = savepointFolder;

        public ReadOnlyMemory<byte>?[] States { get; } = new ReadOnlyMemory<byte>?[participants];

        public int Remaining { get; private set; } = participants;

        public bool Storing { get; set; }

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public TimeSpan LongestPause { get; private set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Has(int participant) => States[participant] is not null;

        public void Acknowledge(int participant, ReadOnlyMemory<byte> state, TimeSpan pause)
        {
            if (States[participant] is null)
            {
                States[participant] = state;
                Remaining--;
            }

            LongestPause = pause > LongestPause ? pause : LongestPause;
        }

        public IEnumerable<string> Missing(IReadOnlyList<string> names) => names.Where((_, i) => States[i] is null);
    }
}

/// <summary>A sink's part in checkpoints: pre-commit at the end, commit once a checkpoint is stored.</summary>
internal interface ISinkParticipant
{
    string Name { get; }

    int Participant { get; }

    /// <summary>Pre-commits the open transactions directly (the job has finished; no barrier comes) and returns the sink's checkpoint state.</summary>
    ValueTask<ReadOnlyMemory<byte>> PreCommitAsync(long checkpointId, CancellationToken cancellationToken);

    /// <summary>Commits the transactions pre-committed up to checkpoint <paramref name="checkpointId"/>.</summary>
    ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken);
}
