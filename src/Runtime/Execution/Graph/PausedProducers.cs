namespace CompiledFlow.Execution;

/// <summary>
/// The source splits that watermark alignment has paused, lending their threads to keyed subtasks.
/// Without it, a split ahead of the slowest by more than the allowed drift idles, while the slowest,
/// finding every subtask idle, runs them all on its own thread and falls further behind. With it,
/// a producer that finds a subtask idle hands the run to a paused split instead of running it itself
/// (<see cref="SubtaskInbox{TMessage}"/>): the split that is behind spends its thread catching up and
/// the one ahead does the keyed work meanwhile, and no third thread competes for the cores.
/// <para>
/// A paused split takes hand-overs between <see cref="Pause"/> and <see cref="Resume"/>, and starts
/// every run handed to it when it resumes, so no run waits for a split that will not come back.
/// A handed run that must wait (for room in a downstream inbox) goes on asynchronously, so runs
/// handed to one split never wait for each other.
/// </para>
/// </summary>
internal sealed class PausedProducers
{
    private readonly Lock _gate = new();
    private readonly Queue<IHandedRun> _runs = new();
    private int _paused;
    private TaskCompletionSource? _handedOver; // made by a split that waits, completed by the next hand-over

    /// <summary>Hands <paramref name="run"/> to a paused split; false when none is paused (the caller runs it).</summary>
    public bool TryHandOver(IHandedRun run)
    {
        if (Volatile.Read(ref _paused) == 0)
        {
            return false; // the common case, once per batch: no lock (a split pausing just now misses this run, as before)
        }

        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_paused == 0)
            {
                return false;
            }

            _runs.Enqueue(run);
            wake = _handedOver;
            _handedOver = null;
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>
    /// Marks the calling split paused; returns a task that completes when a run is handed over (at
    /// once if one already was). The split then calls <see cref="Resume"/>.
    /// </summary>
    public Task Pause()
    {
        lock (_gate)
        {
            _paused++;
            return _runs.Count > 0 ? Task.CompletedTask
                : (_handedOver ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Ends the calling split's pause and starts, on its thread, every run handed over meanwhile.</summary>
    public void Resume(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _paused--;
        }

        while (true)
        {
            IHandedRun? run;
            lock (_gate)
            {
                if (!_runs.TryDequeue(out run))
                {
                    return;
                }
            }

            run.StartHandedRun(cancellationToken);
        }
    }
}

/// <summary>A subtask's run that a producer handed to a paused split (see <see cref="PausedProducers"/>).</summary>
internal interface IHandedRun
{
    /// <summary>Runs the subtask on the calling thread until it must wait, then goes on asynchronously; failures are recorded in the job.</summary>
    void StartHandedRun(CancellationToken cancellationToken);
}
