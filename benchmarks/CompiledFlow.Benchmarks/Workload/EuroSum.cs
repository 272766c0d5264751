namespace CompiledFlow.Benchmarks;

/// <summary>The stateless chain every workload benchmark computes: drop prices divisible by 7, convert the rest to euros.</summary>
[Pipeline]
public static partial class EuroSum
{
    [Filter]
    static bool NotMultipleOfSeven(in Bid b) => b.Price % 7 != 0;

    [Map]
    static double ToEuros(in Bid b) => b.Price * 0.908;
}
