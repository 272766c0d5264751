using System.Diagnostics;
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
    private readonly Dictionary<Type, Func<LateSink>> _lateSinks = [];
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
        _lateSinks[typeof(TLate)] = () => new LateSink<TLate>(sink.Open());
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

    /// <summary>Runs the job until its bounded source ends, then commits every sink.</summary>
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
        var writers = new List<ISinkWriter<TOut>>(_sinks.Count);
        var lateSinks = new List<LateSink>();
        try
        {
            foreach (ISink<TOut> sink in _sinks)
            {
                writers.Add(sink.Open());
            }

            foreach (Func<LateSink> open in _lateSinks.Values)
            {
                lateSinks.Add(open());
            }

            var output = new SinkTarget<TOut>(writers);
            using var context = new GraphContext(_options, lateSinks.ToDictionary(s => s.RecordType, s => s.Target), cancellationToken);
            ISourceRunner<TIn> head = _plan.Build(context, _ => output);
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

            context.ThrowIfFailed();
            await output.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (LateSink late in lateSinks)
            {
                await late.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return new JobResult(head.RecordsRead, output.Written, clock.Elapsed) { LateRecords = context.LateRecords };
        }
        finally
        {
            foreach (ISinkWriter<TOut> writer in writers)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }

            foreach (LateSink late in lateSinks)
            {
                await late.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>An open late-data sink, typed by the records it takes.</summary>
    private abstract class LateSink : IAsyncDisposable
    {
        public abstract Type RecordType { get; }

        public abstract object Target { get; }

        public abstract ValueTask CommitAsync(CancellationToken cancellationToken);

        public abstract ValueTask DisposeAsync();
    }

    private sealed class LateSink<TLate>(ISinkWriter<TLate> writer) : LateSink
    {
        private readonly SinkTarget<TLate> _target = new([writer]);

        public override Type RecordType => typeof(TLate);

        public override object Target => _target;

        public override ValueTask CommitAsync(CancellationToken cancellationToken) => _target.CommitAsync(cancellationToken);

        public override ValueTask DisposeAsync() => writer.DisposeAsync();
    }
}
