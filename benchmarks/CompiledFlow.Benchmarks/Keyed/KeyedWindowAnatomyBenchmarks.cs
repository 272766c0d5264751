using BenchmarkDotNet.Attributes;
using CompiledFlow.Benchmarks.Infrastructure;

namespace CompiledFlow.Benchmarks.KeyedWindows;

/// <summary>
/// Where the keyed job's time goes, through public API only: the runtime's window operator
/// (<see cref="TumblingWindows{TKey, TIn, TAcc, TAggregator}"/>, the state table the generated stage
/// uses) driven directly per record with the watermark advanced per 4096-record batch, as the job
/// does; the same after copying each batch into <see cref="Keyed{TKey, TValue}"/> records (what the
/// job's source chain writes for the exchange); and the job itself. The baseline is the hand-written
/// dictionary count of <see cref="KeyedWindowCountBenchmarks"/>.
/// </summary>
[Config(typeof(KeyedConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class KeyedWindowAnatomyBenchmarks : IWorkloadBenchmark, IChecksOwnResults
{
    private const int BatchSize = 4096;
    private Bid[] _bids = [];
    private WindowTotals _expected;
    private WindowTotals? _last;

    /// <inheritdoc />
    public int Records { get; set; } = KeyedBidData.DefaultCount;

    [GlobalSetup]
    public void Setup()
    {
        _bids = KeyedBidData.Generate(Records);
        _expected = HandWrittenWindowCount.Run(_bids);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_last is { } last && last != _expected)
        {
            throw new InvalidOperationException($"The last measured run gave {last}, the hand-written count {_expected}.");
        }
    }

    [Benchmark(Baseline = true)]
    public WindowTotals HandWrittenDictionary() => Keep(HandWrittenWindowCount.Run(_bids));

    /// <summary>The window operator alone, fed from the bid array.</summary>
    [Benchmark]
    public WindowTotals WindowOperator_Direct()
    {
        var windows = new TumblingWindows<long, Bid, long, CountAggregator>(KeyedBidData.WindowSizeMs, 0);
        var totals = new TotalsCollector();
        ReadOnlySpan<Bid> bids = _bids;
        long maxTime = long.MinValue;
        for (int start = 0; start < bids.Length; start += BatchSize)
        {
            foreach (ref readonly Bid bid in bids.Slice(start, Math.Min(BatchSize, bids.Length - start)))
            {
                maxTime = Math.Max(maxTime, bid.DateTime);
                if (!windows.Add(bid.Auction, bid.DateTime, in bid, ref totals))
                {
                    throw new InvalidOperationException("late");
                }
            }

            windows.AdvanceWatermark(maxTime - KeyedBidData.MaxOutOfOrdernessMs - 1, ref totals);
        }

        windows.AdvanceWatermark(long.MaxValue, ref totals);
        return Keep(totals.Totals);
    }

    /// <summary>The window operator over each batch first copied into keyed records, as the job's source chain writes them.</summary>
    [Benchmark]
    public WindowTotals WindowOperator_ViaKeyedBuffer()
    {
        var windows = new TumblingWindows<long, Bid, long, CountAggregator>(KeyedBidData.WindowSizeMs, 0);
        var totals = new TotalsCollector();
        var keyed = new Keyed<long, Bid>[BatchSize];
        ReadOnlySpan<Bid> bids = _bids;
        long maxTime = long.MinValue;
        for (int start = 0; start < bids.Length; start += BatchSize)
        {
            ReadOnlySpan<Bid> batch = bids.Slice(start, Math.Min(BatchSize, bids.Length - start));
            for (int i = 0; i < batch.Length; i++)
            {
                ref readonly Bid bid = ref batch[i];
                maxTime = Math.Max(maxTime, bid.DateTime);
                keyed[i] = new Keyed<long, Bid>(bid.Auction, bid.DateTime, bid);
            }

            foreach (ref readonly Keyed<long, Bid> record in keyed.AsSpan(0, batch.Length))
            {
                if (!windows.Add(in record.Key, record.Timestamp, in record.Value, ref totals))
                {
                    throw new InvalidOperationException("late");
                }
            }

            windows.AdvanceWatermark(maxTime - KeyedBidData.MaxOutOfOrdernessMs - 1, ref totals);
        }

        windows.AdvanceWatermark(long.MaxValue, ref totals);
        return Keep(totals.Totals);
    }

    [Benchmark]
    public WindowTotals CompiledFlow_Job_P1()
    {
        var sink = new WindowTotalsSink();
        WindowedBidCount.CreateJob().From(Sources.FromMemory<Bid>(_bids)).To(sink).WithOptions(new JobOptions { Parallelism = 1 }).Run();
        return Keep(sink.Totals);
    }

    /// <summary>The job of <see cref="WindowedBidCountNarrow"/>: 32-byte keyed records instead of 48.</summary>
    [Benchmark]
    public WindowTotals CompiledFlow_Job_P1_NarrowRecord()
    {
        var sink = new WindowTotalsSink();
        WindowedBidCountNarrow.CreateJob().From(Sources.FromMemory<Bid>(_bids)).To(sink).WithOptions(new JobOptions { Parallelism = 1 }).Run();
        return Keep(sink.Totals);
    }

    private WindowTotals Keep(WindowTotals totals)
    {
        _last = totals;
        return totals;
    }

    /// <inheritdoc />
    public void CheckResult(string benchmark, object? result)
    {
        if (result is not WindowTotals totals || totals != _expected)
        {
            throw new InvalidOperationException($"{nameof(KeyedWindowAnatomyBenchmarks)}.{benchmark} gave {result}, the hand-written count {_expected}.");
        }
    }

    private readonly struct CountAggregator : IAggregator<Bid, long>
    {
        public static void Add(ref long accumulator, in Bid value) => accumulator++;
    }

    private struct TotalsCollector : ICollector<WindowResult<long, long>>
    {
        private long _results;
        private long _records;
        private ulong _checksum;

        public readonly WindowTotals Totals => new(_results, _records, _checksum);

        public void Collect(in WindowResult<long, long> item)
        {
            _results++;
            _records += item.Value;
            _checksum += WindowTotals.Mix(item.Key, item.Start, item.Value);
        }
    }
}
