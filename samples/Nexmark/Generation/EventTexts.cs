using System.Collections.Concurrent;

namespace Nexmark;

/// <summary>
/// Every string the generator draws from for one seed: Extra paddings, channels and URLs, item
/// names, descriptions, e-mail addresses and credit-card numbers. Each is made on first use and
/// shared by every generator of that seed in the process, so a new generator (a new run, a split,
/// a restored source) starts with what earlier ones made instead of making it again. Safe to share
/// between threads: a string depends only on the seed and its slot, so two threads filling a slot
/// at once store equal strings, and storing a reference is atomic.
/// </summary>
internal sealed class EventTexts
{
    private const ulong ItemNameStream = 5;
    private const ulong DescriptionStream = 6;
    private const ulong EmailStream = 7;
    private const ulong CreditCardStream = 8;

    private static readonly ConcurrentDictionary<(ulong Seed, int MaxAverageSize), EventTexts> BySeed = new();

    private EventTexts(ulong seed, int maxAverageSize)
    {
        Extras = new ExtraText(seed, maxAverageSize);
        Channels = new BidChannels(seed);
        ItemNames = new TextPool(seed, ItemNameStream, static (ref SplitMix64 random) => RandomText.Next(ref random, 20));
        Descriptions = new TextPool(seed, DescriptionStream, static (ref SplitMix64 random) => RandomText.Next(ref random, 100));
        Emails = new TextPool(seed, EmailStream, Email);
        CreditCards = new TextPool(seed, CreditCardStream, CreditCard);
    }

    public ExtraText Extras { get; }
    public BidChannels Channels { get; }
    public TextPool ItemNames { get; }
    public TextPool Descriptions { get; }
    public TextPool Emails { get; }
    public TextPool CreditCards { get; }

    /// <summary>The strings of the config's seed, for Extra paddings up to its largest average size.</summary>
    public static EventTexts For(GeneratorConfig config)
    {
        int maxAverageSize = Math.Max(config.AvgAuctionByteSize, Math.Max(config.AvgPersonByteSize, config.AvgBidByteSize));
        return BySeed.GetOrAdd((config.Seed, maxAverageSize), static key => new EventTexts(key.Seed, key.MaxAverageSize));
    }

    private static string Email(ref SplitMix64 random) => RandomText.Next(ref random, 7) + "@" + RandomText.Next(ref random, 5) + ".com";

    // "dddd dddd dddd dddd"
    private static string CreditCard(ref SplitMix64 random)
    {
        Span<char> chars = stackalloc char[19];
        for (int group = 0; group < 4; group++)
        {
            int value = random.NextInt(10_000);
            int at = group * 5;
            for (int digit = 3; digit >= 0; digit--, value /= 10)
            {
                chars[at + digit] = (char)('0' + value % 10);
            }

            if (group < 3)
            {
                chars[at + 4] = ' ';
            }
        }

        return new string(chars);
    }
}
