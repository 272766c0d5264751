namespace Nexmark;

/// <summary>Makes one random string from its own generator.</summary>
internal delegate string MakeText(ref SplitMix64 random);

/// <summary>
/// The random strings of one field (item names, e-mail addresses, ...). NEXMark makes a fresh string
/// per event; here a field draws one of <see cref="Size"/> strings, each made once from the seed on
/// first use, so that generating events allocates nothing and holds no string per event. String i
/// depends only on (seed, stream, i), so the order in which the pool fills is irrelevant.
/// </summary>
internal sealed class TextPool(ulong seed, ulong stream, MakeText make)
{
    public const int Size = 1024;

    private readonly string?[] _texts = new string?[Size];

    public string Next(ref SplitMix64 random)
    {
        int index = random.NextInt(Size);
        return _texts[index] ??= Make(index);
    }

    private string Make(int index)
    {
        var random = SplitMix64.For(seed, index, stream);
        return make(ref random);
    }
}
