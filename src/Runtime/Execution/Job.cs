using System.Diagnostics;

namespace CompiledFlow;

/// <summary>
/// A pipeline bound to a source, sinks and options; created by the generated
/// <c>CreateJob()</c>. Lifecycle of a run: open the source and every sink; read a batch, run the
/// fused chain over it, write its output to every sink, until the bounded source ends; then
/// commit every sink. If anything fails, no sink is committed and the error is rethrown.
/// </summary>
public sealed class Job<TIn, TOut>
{
    private readonly IOperatorChain<TIn, TOut> _chain;
    private readonly List<ISink<TOut>> _sinks = [];
    private ISource<TIn>? _source;
    private JobOptions _options = JobOptions.Default;

    /// <summary>Creates a job for a chain; generated code calls this.</summary>
    public Job(IOperatorChain<TIn, TOut> chain) => _chain = chain;

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
            $"The job of pipeline '{_chain.Name}' has no source: call From(source) before Run.");
        if (_sinks.Count == 0)
        {
            throw new InvalidOperationException(
                $"The job of pipeline '{_chain.Name}' has no sink: call To(sink) before Run.");
        }

        var clock = Stopwatch.StartNew();
        var writers = new List<ISinkWriter<TOut>>(_sinks.Count);
        var output = new OutputBuffer<TOut>(_options.BatchSize);
        long read = 0, written = 0;
        try
        {
            await using ISourceReader<TIn> reader = source.Open();
            foreach (ISink<TOut> sink in _sinks)
            {
                writers.Add(sink.Open());
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlyMemory<TIn> batch = await reader.ReadBatchAsync(_options.BatchSize, cancellationToken).ConfigureAwait(false);
                if (batch.IsEmpty)
                {
                    break;
                }

                ProcessBatch(batch.Span, ref output, read);
                read += batch.Length;
                written += output.Count;
                foreach (ISinkWriter<TOut> writer in writers)
                {
                    await writer.WriteBatchAsync(output.Written, cancellationToken).ConfigureAwait(false);
                }
                output.Clear();
            }

            foreach (ISinkWriter<TOut> writer in writers)
            {
                await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            output.Dispose();
            foreach (ISinkWriter<TOut> writer in writers)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new JobResult(read, written, clock.Elapsed);
    }

    private void ProcessBatch(ReadOnlySpan<TIn> batch, ref OutputBuffer<TOut> output, long firstRecord)
    {
        try
        {
            _chain.Process(batch, ref output);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PipelineException(_chain.Name, firstRecord, batch.Length, e);
        }
    }
}
