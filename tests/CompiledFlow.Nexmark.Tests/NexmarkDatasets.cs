namespace Nexmark.Tests;

/// <summary>
/// The event sets the oracles are checked on, generated once per test run and loaded into DuckDB once.
/// "default" is nexmark/nexmark's configuration: 20,000 events span only 2 s of event time, so
/// every 10 s window holds them all. "slow" runs at 100 events/s (200 s: 20 tumbling windows, 100
/// sliding ones, auctions open for seconds, bidders idle for more than a session gap) and is
/// delivered out of order, which must not change any result. "timelines" holds the events of "slow"'s
/// configuration made as two parallel timelines (<see cref="GeneratorSource.ParallelTimelines"/>).
/// </summary>
public sealed class NexmarkDatasets : IDisposable
{
    public const int EventCount = 20_000;

    public static readonly IReadOnlyDictionary<string, GeneratorConfig> Configs = new Dictionary<string, GeneratorConfig>
    {
        ["default"] = new() { EventCount = EventCount, Seed = 1 },
        ["slow"] = new()
        {
            EventCount = EventCount,
            Seed = 7,
            EventsPerSecond = 100,
            OutOfOrderGroupSize = 50,
            ProbDelayedEvent = 0.1,
        },
    };

    private readonly Dictionary<string, Lazy<(Event[] Events, NexmarkOracle Oracle)>> _sets;

    public NexmarkDatasets()
    {
        _sets = Configs.ToDictionary(
            c => c.Key,
            c => new Lazy<(Event[], NexmarkOracle)>(() =>
            {
                Event[] events = EventGenerator.Events(c.Value);
                return (events, NexmarkOracle.Load(events));
            }));
        _sets["timelines"] = new Lazy<(Event[], NexmarkOracle)>(() =>
        {
            Event[] events = EventGenerator.TimelineEvents(Configs["slow"], Timelines);
            return (events, NexmarkOracle.Load(events));
        });
    }

    /// <summary>How many parallel timelines the "timelines" dataset has.</summary>
    public const int Timelines = 2;

    public Event[] Events(string name) => _sets[name].Value.Events;


    public NexmarkOracle Oracle(string name) => _sets[name].Value.Oracle;

    public void Dispose()
    {
        foreach (var set in _sets.Values.Where(s => s.IsValueCreated))
        {
            set.Value.Oracle.Dispose();
        }
    }
}
