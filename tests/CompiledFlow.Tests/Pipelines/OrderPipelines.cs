using System;

namespace CompiledFlow.Tests.Pipelines;

public enum Side
{
    Buy,
    Sell,
}

/// <summary>A mutable class mapped to columns through its settable properties.</summary>
public sealed class Order
{
    public long Id { get; set; }

    public string Symbol { get; set; } = "";

    public Side Side { get; set; }

    public decimal Quantity { get; set; }

    public DateTime Time { get; set; }
}

public static partial class Desk
{
    /// <summary>A pipeline nested in another class, over a class record, with by-value parameters.</summary>
    [Pipeline]
    internal static partial class LargeBuys
    {
        [Filter]
        static bool IsBuy(Order order) => order.Side == Side.Buy;

        [Filter]
        static bool IsLarge(Order order) => order.Quantity >= 100m;

        [Map]
        static Order Normalize(Order order) => new()
        {
            Id = order.Id,
            Symbol = order.Symbol.ToUpperInvariant(),
            Side = order.Side,
            Quantity = order.Quantity,
            Time = order.Time,
        };
    }
}
