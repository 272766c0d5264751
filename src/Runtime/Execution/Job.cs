using System.Diagnostics;
using Microsoft.Extensions.Logging;
using CompiledFlow.Execution;

namespace CompiledFlow;

/// <summary>
/// A pipeline bound to a source, sinks and options; created by the generated
/// <c>CreateJob()</c>. Lifecycle of a run: open every sink; start one task per keyed subtask (at
/// parallelism above 1); read the source batch by batch through the source chain, routing records
/// by key to the keyed stages, whose output goes to every sink; at the end of a bounded source the
/// final watermark fires every open window; then commit every sink. If any task fails or the run
/// is cancelled, every task stops, no sink is committed and the first error is rethrown.
/// </summary>
public sealed class Job<TIn, TOut>
{
    private readonly JobPlan<TIn, TOut> _plan;
    private readonly List<ISink<TOut>> _sinks = [];
    private readonly Dictionary<Type, Func<CheckpointCoordinator, CancellationToken, ValueTask<LateSink>>> _lateSinks = [];
    private GraphContext? _running;
    private ISource<TIn>? _source;
    private JobOptions _options = JobOptions.Default;

    /// <summary>Creates a job for a stateless chain.</summary>
    public Job(IOperatorChain<TIn, TOut> chain)
        : this(JobPlan.Source(() => chain))
    {
    }

    /// <summary>Creates a job for a plan with keyed stages; generated code calls this.</summary>
    public Job(JobPlan<TIn, TOut> plan) => _plan = plan;

    /// <summary>Reads input from <paramref name="source"/>.</summary>
    public Job<TIn, TOut> From(ISource<TIn> source)
    {
        _source = source;
        return this;
    }

    /// <summary>Writes output to <paramref name="sink"/> (may be called more than once).</summary>
    public Job<TIn, TOut> To(ISink<TOut> sink)
    {
        _sinks.Add(sink);
        return this;
    }

    /// <summary>
    /// Sends records that arrive too late for every window they belong to (later than the
    /// watermark plus the window's allowed lateness) to <paramref name="sink"/>, for the windows
    /// whose input records are <typeparamref name="TLate"/>. Without it late records are only counted
    /// (<see cref="JobResult.LateRecords"/>).
    /// </summary>
    public Job<TIn, TOut> LateDataTo<TLate>(ISink<TLate> sink)
    {
        _lateSinks[typeof(TLate)] = (checkpoints, cancellationToken) => LateSink<TLate>.OpenAsync(sink, checkpoints, cancellationToken);
        return this;
    }

    /// <summary>Runs with <paramref name="options"/>.</summary>
    public Job<TIn, TOut> WithOptions(JobOptions options)
    {
        options.Validate();
        _options = options;
        return this;
    }

    /// <summary>Runs the job to completion; see <see cref="RunAsync"/>.</summary>
    public JobResult Run(CancellationToken cancellationToken = default) =>
        RunAsync(cancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Runs the job until its bounded source ends, then takes the final checkpoint and commits
    /// every sink. With <see cref="JobOptions.CheckpointDirectory"/>, it first restores the newest
    /// complete checkpoint there (or <see cref="JobOptions.RestoreFrom"/>) and takes checkpoints as
    /// it runs; see <see cref="JobOptions"/>.
    /// </summary>
    public async ValueTask<JobResult> RunAsync(CancellationToken cancellationToken = default)
    {
        ISource<TIn> source = _source ?? throw new InvalidOperationException(
            $"The job of pipeline '{_plan.Name}' has no source: call From(source) before Run.");
        if (_sinks.Count == 0)
        {
            throw new InvalidOperationException(
                $"The job of pipeline '{_plan.Name}' has no sink: call To(sink) before Run.");
        }

        var clock = Stopwatch.StartNew();
        _savepoint = null;
        CheckpointStorage? storage = _options.CheckpointDirectory is { } directory
            ? new CheckpointStorage(directory, _options.CheckpointsRetained, _options.Logger)
            : null;
        using IDisposable? directoryLock = storage is null ? null : await storage.LockAsync(cancellationToken).ConfigureAwait(false);
        CheckpointImage? restored = _options.RestoreFrom is { } folder ? CheckpointStorage.Load(folder) : storage?.LoadLatest();
        if (restored is not null && restored.Pipeline != _plan.Name)
        {
            _options.Logger.LogWarning("Restoring {Location}, taken from pipeline {Saved}, into pipeline {Pipeline}: its state types are checked stage by stage.", restored.Location, restored.Pipeline, _plan.Name);
        }
        var sinks = new List<SinkConnection<TOut>>(_sinks.Count);
        var lateSinks = new List<LateSink>();
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        GraphContext? context = null;
        CheckpointCoordinator? checkpoints = null;
        try
        {
            checkpoints = new CheckpointCoordinator(_plan.Name, storage, restored, _options.Logger, e => context?.Fail(e));
            checkpoints.Statistics.RestoredFrom = restored?.Location;
            IReadOnlyList<string>[]? recovered = SinkTarget<TOut>.Recovered(restored, OutputName);
            for (int i = 0; i < _sinks.Count; i++)
            {
                var recovery = new SinkRecovery(restored?.Id ?? 0, recovered is not null && i < recovered.Length ? recovered[i] : []);
                sinks.Add(await SinkConnection<TOut>.OpenAsync(_sinks[i], recovery, checkpoints.Enabled, cancellationToken).ConfigureAwait(false));
            }

            foreach (var open in _lateSinks.Values)
            {
                lateSinks.Add(await open(checkpoints, cancellationToken).ConfigureAwait(false));
            }

            var output = new SinkTarget<TOut>(OutputName, sinks, checkpoints, recovered);
            context = new GraphContext(_options, lateSinks.ToDictionary(s => s.RecordType, s => s.Target), checkpoints, cancellationToken);
            _running = context;
            ISourceRunner<TIn> head = _plan.Build(context, producers =>
            {
                output.AddProducers(producers);
                return output;
            });
            Task timer = storage is null ? Task.CompletedTask : checkpoints.RunPeriodicAsync(_options.CheckpointInterval, stopTimer.Token);
            try
            {
                await head.RunAsync(source, context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                context.Fail(e);
            }

            try
            {
                await context.WhenAllLoopsAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                context.Fail(e);
            }

            stopTimer.Cancel();
            await timer.ConfigureAwait(false);
            context.ThrowIfFailed();
            if (context.Stopped)
            {
                return new JobResult(head.RecordsRead, output.Written, clock.Elapsed)
                {
                    LateRecords = context.LateRecords,
                    Checkpoints = checkpoints.Statistics,
                    Savepoint = _savepoint,
                };
            }

            await checkpoints.CompleteFinalAsync(cancellationToken).ConfigureAwait(false);
            return new JobResult(head.RecordsRead, output.Written, clock.Elapsed) { LateRecords = context.LateRecords, Checkpoints = checkpoints.Statistics };
        }
        finally
        {
            _running = null;
            if (checkpoints is not null)
            {
                await checkpoints.StopAsync().ConfigureAwait(false);
            }

            context?.Dispose();
            foreach (SinkConnection<TOut> sink in sinks)
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }

            foreach (LateSink late in lateSinks)
            {
                await late.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stops the running job with a savepoint in <paramref name="folder"/>, as Flink's
    /// stop-with-savepoint: a checkpoint of the whole job is stored there and the sinks commit up to
    /// it; then every task stops, without firing the open windows, and <see cref="RunAsync"/> returns
    /// with <see cref="JobResult.Savepoint"/> set. Start the job again with
    /// <see cref="JobOptions.RestoreFrom"/> = <paramref name="folder"/> to continue.
    /// </summary>
    public async Task StopWithSavepointAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        while (true)
        {
            GraphContext context = _running ?? throw new InvalidOperationException($"The job of pipeline '{_plan.Name}' is not running.");
            if (context.Checkpoints.Trigger(Path.GetFullPath(folder)) is { } done)
            {
                await done.WaitAsync(cancellationToken).ConfigureAwait(false);
                _savepoint = Path.GetFullPath(folder);
                context.Stop();
                return;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false); // a checkpoint is in flight
        }
    }

    private const string OutputName = "sink-output";

    private string? _savepoint;

    /// <summary>An open late-data sink, typed by the records it takes.</summary>
    private abstract class LateSink : IAsyncDisposable
    {
        public abstract Type RecordType { get; }

        public abstract object Target { get; }

        public abstract ValueTask DisposeAsync();
    }

    private sealed class LateSink<TLate> : LateSink
    {
        private readonly SinkConnection<TLate> _sink;
        private readonly SinkTarget<TLate> _target;

        private LateSink(SinkConnection<TLate> sink, SinkTarget<TLate> target)
        {
            _sink = sink;
            _target = target;
        }

        public override Type RecordType => typeof(TLate);

        public override object Target => _target;

        public static async ValueTask<LateSink> OpenAsync(ISink<TLate> sink, CheckpointCoordinator checkpoints, CancellationToken cancellationToken)
        {
            string name = $"sink-late-{typeof(TLate).Name}";
            IReadOnlyList<string>[]? recovered = SinkTarget<TLate>.Recovered(checkpoints.Restored, name);
            var recovery = new SinkRecovery(checkpoints.Restored?.Id ?? 0, recovered is [{ } names, ..] ? names : []);
            SinkConnection<TLate> connection = await SinkConnection<TLate>.OpenAsync(sink, recovery, checkpoints.Enabled, cancellationToken).ConfigureAwait(false);
            return new LateSink<TLate>(connection, new SinkTarget<TLate>(name, [connection], checkpoints, recovered));
        }

        public override ValueTask DisposeAsync() => _sink.DisposeAsync();
    }
}
