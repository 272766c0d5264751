namespace Nexmark;

/// <summary>
/// NEXMark's arithmetic on event ids. Event id n has the kind given by <c>n % TotalProportion</c>
/// (the first PersonProportion slots of every block are people, the next AuctionProportion auctions,
/// the rest bids), so person and auction ids follow from the event id alone, and every event can be
/// generated on its own without the events before it. Indexes here are 0-based; ids add 1000.
/// </summary>
public static class EventNumbering
{
    public const long FirstPersonId = 1000;
    public const long FirstAuctionId = 1000;
    public const long FirstCategoryId = 10;
    public const int NumCategories = 5;

    /// <summary>How far past the last created person or auction a random reference may point.</summary>
    public const int IdLead = 10;

    /// <summary>Hot sellers, bidders and auctions are the first of each batch of this many.</summary>
    public const int HotGroupSize = 100;

    /// <summary>
    /// Where event id n stands: its kind, and the index of the person and auction it creates or of
    /// the last one created before it (auction -1 before the first). One division: the generator
    /// asks this of every event.
    /// </summary>
    public static EventPlace PlaceOf(GeneratorConfig config, long eventId)
    {
        long block = Math.DivRem(eventId, config.TotalProportion, out long slot);
        EventKind kind = slot < config.PersonProportion ? EventKind.Person
            : slot < config.PersonProportion + config.AuctionProportion ? EventKind.Auction
            : EventKind.Bid;
        long lastPerson = block * config.PersonProportion + Math.Min(slot, config.PersonProportion - 1);
        long lastAuction = slot < config.PersonProportion
            ? block * config.AuctionProportion - 1
            : block * config.AuctionProportion + Math.Min(slot - config.PersonProportion, config.AuctionProportion - 1);
        return new EventPlace(kind, lastPerson, lastAuction);
    }

    /// <summary>One of the active people up to <paramref name="place"/>, or one of the next <see cref="IdLead"/> not created yet.</summary>
    public static long RandomPersonIndex(GeneratorConfig config, in EventPlace place, ref SplitMix64 random)
    {
        long created = place.LastPersonIndex + 1;
        long active = Math.Min(created, config.NumActivePeople);
        return created - active + random.NextLong(active + IdLead);
    }

    /// <summary>One of the auctions likely still open at <paramref name="place"/>, or one of the next <see cref="IdLead"/> not created yet.</summary>
    public static long RandomAuctionIndex(GeneratorConfig config, in EventPlace place, ref SplitMix64 random)
    {
        long last = place.LastAuctionIndex;
        long first = Math.Max(last - config.NumInFlightAuctions, 0);
        return first + random.NextLong(last - first + 1 + IdLead);
    }

    /// <summary>
    /// The id of the event delivered at <paramref name="position"/>: NEXMark's out-of-order groups
    /// permute each group of <see cref="GeneratorConfig.OutOfOrderGroupSize"/> positions by
    /// <c>i * 953 mod size</c>. The last, partial group is permuted within itself, so that a bounded
    /// run still delivers exactly the ids 0..EventCount-1.
    /// </summary>
    public static long EventIdAt(GeneratorConfig config, long position)
    {
        long groupSize = config.OutOfOrderGroupSize;
        if (groupSize <= 1)
        {
            return position;
        }

        long groupStart = position / groupSize * groupSize;
        long size = config.EventCount > groupStart ? Math.Min(groupSize, config.EventCount - groupStart) : groupSize;
        return groupStart + (position - groupStart) * CoprimeMultiplier(size) % size;
    }

    // 953 as in NEXMark, moved to the next number coprime with the size so the map stays a permutation.
    private static long CoprimeMultiplier(long size)
    {
        long multiplier = 953;
        while (GreatestCommonDivisor(multiplier, size) != 1)
        {
            multiplier++;
        }

        return multiplier;
    }

    private static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}

/// <summary>An event id's kind and the indexes of the last person and auction created up to it (see <see cref="EventNumbering.PlaceOf"/>).</summary>
public readonly record struct EventPlace(EventKind Kind, long LastPersonIndex, long LastAuctionIndex);
