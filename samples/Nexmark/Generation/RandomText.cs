namespace Nexmark;

/// <summary>
/// NEXMark's random strings. Only lowercase letters, spaces and underscores: no generated field
/// ever holds a comma, a quote or a line break, so result rows are plain comma-separated text.
/// </summary>
public static class RandomText
{
    private const int MinLength = 3;

    /// <summary>3 to <paramref name="maxLength"/> - 1 letters, one in 13 a space (or <paramref name="space"/>), trimmed.</summary>
    public static string Next(ref SplitMix64 random, int maxLength, char space = ' ')
    {
        int length = MinLength + random.NextInt(maxLength - MinLength);
        Span<char> chars = stackalloc char[length];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = random.NextInt(13) == 0 ? space : (char)('a' + random.NextInt(26));
        }

        return new string(chars.Trim(' '));
    }

    /// <summary>Exactly <paramref name="length"/> letters.</summary>
    public static string Letters(ref SplitMix64 random, int length)
    {
        Span<char> chars = length <= 1024 ? stackalloc char[length] : new char[length];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + random.NextInt(26));
        }

        return new string(chars);
    }

    /// <summary>
    /// The length of an Extra field that brings an event of <paramref name="currentSize"/> bytes to
    /// <paramref name="averageSize"/> on average: uniform within ±20% of the missing bytes.
    /// </summary>
    public static int ExtraLength(ref SplitMix64 random, int currentSize, int averageSize)
    {
        if (currentSize > averageSize)
        {
            return 0;
        }

        int missing = averageSize - currentSize;
        int delta = (missing * 2 + 5) / 10; // round(missing * 0.2), half up, in integers
        return missing - delta + (delta == 0 ? 0 : random.NextInt(2 * delta));
    }
}
