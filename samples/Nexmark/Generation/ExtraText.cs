namespace Nexmark;

/// <summary>
/// The Extra padding strings. NEXMark makes a fresh random string per event; here each length has
/// <see cref="Variants"/> strings made once from the seed, so that generating millions of bids
/// allocates no string and holds no string per event, while sizes keep NEXMark's distribution.
/// The content of (length, variant) depends only on the seed, so the cache fill order is irrelevant.
/// </summary>
internal sealed class ExtraText(ulong seed, int maxAverageSize)
{
    private const int Variants = 16;
    private const ulong Stream = 3;

    private readonly string?[]?[] _byLength = new string?[]?[maxAverageSize * 6 / 5 + 2];

    public string Next(ref SplitMix64 random, int currentSize, int averageSize)
    {
        int length = RandomText.ExtraLength(ref random, currentSize, averageSize);
        int variant = random.NextInt(Variants);
        if (length == 0)
        {
            return "";
        }

        string?[] row = _byLength[length] ??= new string?[Variants];
        return row[variant] ??= Make(length, variant);
    }

    private string Make(int length, int variant)
    {
        var random = SplitMix64.For(seed, (long)length * Variants + variant, Stream);
        return RandomText.Letters(ref random, length);
    }
}
