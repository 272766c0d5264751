using System;

namespace CompiledFlow.Tests.Pipelines;

public readonly record struct Person(long Id, string Name, long Time);

public readonly record struct Listing(long Id, long Seller, long Time);

/// <summary>One record of a mixed stream of people and their listings, as a source may deliver them.</summary>
public readonly record struct MarketEvent(bool IsPerson, Person Person, Listing Listing)
{
    public long Time => IsPerson ? Person.Time : Listing.Time;
}

/// <summary>A window join (co-group): people who put something up for sale in the 10 s window they joined in.</summary>
[Pipeline]
public static partial class NewSellers
{
    [EventTime(MaxOutOfOrdernessMs = 1_000)]
    static long Time(in MarketEvent e) => e.Time;

    [JoinInput]
    public static partial class People
    {
        [Filter]
        static bool IsPerson(in MarketEvent e) => e.IsPerson;

        [Map]
        static Person Person(in MarketEvent e) => e.Person;

        [KeyBy]
        static long Id(in Person person) => person.Id;
    }

    [JoinInput]
    public static partial class Sellers
    {
        [Filter]
        static bool IsListing(in MarketEvent e) => !e.IsPerson;

        [Map]
        static Listing Listing(in MarketEvent e) => e.Listing;

        [KeyBy]
        static long Seller(in Listing listing) => listing.Seller;
    }

    [TumblingWindow(SizeMs = 10_000)]
    [CoGroup]
    static void NewSeller(in JoinWindow<long, Person, Listing> window, ref Emitter<(long Id, string Name, long Listings, long End)> output)
    {
        if (window.Left.Length > 0 && window.Right.Length > 0)
        {
            output.Emit((window.Key, window.Left[0].Name, window.Right.Length, window.End));
        }
    }
}

/// <summary>An interval join: each listing with its seller's sign-up, when the listing came within 5 s after it.</summary>
[Pipeline]
public static partial class QuickListings
{
    [EventTime(MaxOutOfOrdernessMs = 1_000)]
    static long Time(in MarketEvent e) => e.Time;

    [JoinInput]
    public static partial class People
    {
        [Filter]
        static bool IsPerson(in MarketEvent e) => e.IsPerson;

        [Map]
        static Person Person(in MarketEvent e) => e.Person;

        [KeyBy]
        static long Id(in Person person) => person.Id;
    }

    [JoinInput]
    public static partial class Sellers
    {
        [Filter]
        static bool IsListing(in MarketEvent e) => !e.IsPerson;

        [Map]
        static Listing Listing(in MarketEvent e) => e.Listing;

        [KeyBy]
        static long Seller(in Listing listing) => listing.Seller;
    }

    [IntervalJoin(LowerMs = 0, UpperMs = 5_000)]
    static (long Seller, long Listing, long Delay) Match(in Person person, in Listing listing) =>
        (person.Id, listing.Id, listing.Time - person.Time);
}
