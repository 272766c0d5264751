namespace CompiledFlow.Tests.Pipelines;

public readonly record struct Bid(long Auction, long Bidder, long Price, long DateTime);

/// <summary>The benchmark's chain: drop prices divisible by 7, convert the rest to euros.</summary>
[Pipeline]
public static partial class EuroPrices
{
    [Filter]
    static bool NotMultipleOfSeven(in Bid bid) => bid.Price % 7 != 0;

    [Map]
    static double ToEuros(in Bid bid) => bid.Price * 0.908;
}

/// <summary>A record-to-record chain: the input and output share one file format.</summary>
[Pipeline]
public static partial class CentBids
{
    [Filter]
    static bool Valid(in Bid bid) => bid.Price > 0;

    [Map]
    static Bid InCents(in Bid bid) => bid with { Price = bid.Price * 100 };

    [Filter]
    static bool Recent(Bid bid) => bid.DateTime >= 1_000;
}
