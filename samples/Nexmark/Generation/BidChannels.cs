namespace Nexmark;

/// <summary>
/// The channel and URL of a bid, as in nexmark/nexmark: half the bids come from four hot channels,
/// the rest from "channel-0".."channel-9999", nine in ten of which carry a channel_id in their URL.
/// URLs are made once per channel from the seed (NEXMark draws them from an unseeded Random).
/// </summary>
internal sealed class BidChannels
{
    private const int ChannelCount = 10_000;
    private const ulong Stream = 4;

    private static readonly string[] HotNames = ["Google", "Facebook", "Baidu", "Apple"];

    private readonly ulong _seed;
    private readonly Channel[] _hot;
    private readonly Channel?[] _cold = new Channel?[ChannelCount];

    public BidChannels(ulong seed)
    {
        _seed = seed;
        _hot = new Channel[HotNames.Length];
        for (int i = 0; i < HotNames.Length; i++)
        {
            var random = SplitMix64.For(seed, -1 - i, Stream);
            _hot[i] = new Channel(HotNames[i], BaseUrl(ref random));
        }
    }

    public Channel Next(ref SplitMix64 random)
    {
        if (random.NextInt(2) > 0)
        {
            return _hot[random.NextInt(_hot.Length)];
        }

        int number = random.NextInt(ChannelCount);
        return _cold[number] ??= Cold(number);
    }

    private Channel Cold(int number)
    {
        var random = SplitMix64.For(_seed, number, Stream);
        string url = BaseUrl(ref random);
        if (random.NextInt(10) > 0)
        {
            url += "&channel_id=" + Math.Abs((long)(int)ReverseBits((uint)number));
        }

        return new Channel("channel-" + number, url);
    }

    private static string BaseUrl(ref SplitMix64 random) =>
        "https://www.nexmark.com/" + RandomText.Next(ref random, 5, '_') + "/" + RandomText.Next(ref random, 5, '_')
        + "/" + RandomText.Next(ref random, 5, '_') + "/item.htm?query=1";

    private static uint ReverseBits(uint value)
    {
        uint result = 0;
        for (int i = 0; i < 32; i++, value >>= 1)
        {
            result = (result << 1) | (value & 1);
        }

        return result;
    }

    public sealed record Channel(string Name, string Url);
}
