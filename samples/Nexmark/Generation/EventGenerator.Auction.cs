namespace Nexmark;

public sealed partial class EventGenerator
{
    private Auction NextAuction(long eventNumber, in EventPlace place, long timestamp, ref SplitMix64 random)
    {
        long id = place.LastAuctionIndex + EventNumbering.FirstAuctionId;

        // Most auctions go to the hot seller of the current batch of people.
        long seller = random.NextInt(Config.HotSellersRatio) > 0
            ? place.LastPersonIndex / EventNumbering.HotGroupSize * EventNumbering.HotGroupSize
            : EventNumbering.RandomPersonIndex(Config, place, ref random);
        seller += EventNumbering.FirstPersonId;

        long category = EventNumbering.FirstCategoryId + random.NextInt(EventNumbering.NumCategories);
        long initialBid = Prices.Next(ref random);
        long expires = timestamp + AuctionLengthMs(eventNumber, timestamp, ref random);
        string name = _texts.ItemNames.Next(ref random);
        string description = _texts.Descriptions.Next(ref random);
        long reserve = initialBid + Prices.Next(ref random);
        int size = 8 + name.Length + description.Length + 8 + 8 + 8 + 8 + 8;
        string extra = _texts.Extras.Next(ref random, size, Config.AvgAuctionByteSize);
        return new Auction(id, name, description, initialBid, reserve, timestamp, expires, seller, category, extra);
    }

    /// <summary>
    /// Uniform in 1..2h, where h is the event time until NumInFlightAuctions more auctions have been
    /// created: on average that many auctions are open at once (at 10,000 events/s, about 167 ms).
    /// </summary>
    private long AuctionLengthMs(long eventNumber, long timestamp, ref SplitMix64 random)
    {
        long eventsForInFlightAuctions = (long)Config.NumInFlightAuctions * Config.TotalProportion / Config.AuctionProportion;
        long horizonMs = Config.TimestampOf(eventNumber + eventsForInFlightAuctions) - timestamp;
        return 1 + random.NextLong(Math.Max(horizonMs * 2, 1));
    }
}
