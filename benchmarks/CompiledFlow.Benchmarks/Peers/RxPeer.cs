using System.Reactive.Linq;

namespace CompiledFlow.Benchmarks.Peers;

/// <summary>
/// The workload with Rx.NET as a user writes it: the array turned into an observable with
/// <c>ToObservable()</c> (default scheduler), Rx operators, and a blocking wait for the result.
/// </summary>
public static class RxPeer
{
    /// <summary>Where → Select → Sum.</summary>
    public static double Sum(Bid[] bids) =>
        bids.ToObservable()
            .Where(b => b.Price % 7 != 0)
            .Select(b => b.Price * 0.908)
            .Sum()
            .Wait();

    /// <summary>Where → Select → ToList.</summary>
    public static IList<double> ToList(Bid[] bids) =>
        bids.ToObservable()
            .Where(b => b.Price % 7 != 0)
            .Select(b => b.Price * 0.908)
            .ToList()
            .Wait();
}
