using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace CompiledFlow.Benchmarks.Peers;

/// <summary>
/// The workload as an Akka.Streams graph. The actor system and materializer are created once
/// (a user's application holds them for its lifetime) and disposed with this object.
/// </summary>
public sealed class AkkaPeer : IDisposable
{
    private static readonly Config Quiet = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-config-on-start = off
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """);

    private readonly ActorSystem _system;
    private readonly ActorMaterializer _materializer;

    /// <summary>Starts an actor system and its materializer.</summary>
    public AkkaPeer()
    {
        _system = ActorSystem.Create("compiledflow-benchmarks", Quiet);
        _materializer = _system.Materializer();
    }

    /// <summary>Source.From(bids).Where(filter).Select(map) folded into a sum.</summary>
    public Task<double> SumAsync(Bid[] bids) =>
        Source.From(bids)
            .Where(b => b.Price % 7 != 0)
            .Select(b => b.Price * 0.908)
            .RunAggregate(0.0, (sum, euros) => sum + euros, _materializer);

    /// <inheritdoc />
    public void Dispose()
    {
        _materializer.Dispose();
        _system.Terminate().Wait(TimeSpan.FromSeconds(30));
    }
}
