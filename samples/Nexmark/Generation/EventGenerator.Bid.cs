namespace Nexmark;

public sealed partial class EventGenerator
{
    private Bid NextBid(in EventPlace place, long timestamp, ref SplitMix64 random)
    {
        // Most bids go to the hot auction of the current batch of auctions.
        long auction = random.NextInt(Config.HotAuctionRatio) > 0
            ? place.LastAuctionIndex / EventNumbering.HotGroupSize * EventNumbering.HotGroupSize
            : EventNumbering.RandomAuctionIndex(Config, place, ref random);
        auction += EventNumbering.FirstAuctionId;

        // Hot bidders are the second person of a batch, so they are not the hot sellers.
        long bidder = random.NextInt(Config.HotBiddersRatio) > 0
            ? place.LastPersonIndex / EventNumbering.HotGroupSize * EventNumbering.HotGroupSize + 1
            : EventNumbering.RandomPersonIndex(Config, place, ref random);
        bidder += EventNumbering.FirstPersonId;

        long price = Prices.Next(ref random);
        BidChannels.Channel channel = _texts.Channels.Next(ref random);
        string extra = _texts.Extras.Next(ref random, 8 + 8 + 8 + 8, Config.AvgBidByteSize);
        return new Bid(auction, bidder, price, channel.Name, channel.Url, timestamp, extra);
    }
}
