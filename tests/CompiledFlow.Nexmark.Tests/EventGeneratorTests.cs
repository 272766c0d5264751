namespace Nexmark.Tests;

public sealed class EventGeneratorTests
{
    private static readonly GeneratorConfig Small = new() { EventCount = 10_000, Seed = 42 };

    [Fact]
    public void Same_seed_gives_the_same_events()
    {
        Assert.Equal(EventGenerator.Events(Small), EventGenerator.Events(Small));
    }

    [Fact]
    public void Another_seed_gives_other_events_with_the_same_ids_and_times()
    {
        Event[] one = EventGenerator.Events(Small);
        Event[] other = EventGenerator.Events(Small with { Seed = 43 });

        Assert.Equal(one.Select(e => (e.Kind, e.DateTime)), other.Select(e => (e.Kind, e.DateTime)));
        Assert.True(one.Zip(other).Count(pair => pair.First != pair.Second) > one.Length * 9 / 10);
    }

    [Fact]
    public void Events_are_pinned_across_machines_and_versions()
    {
        // Guards "same seed, same events, on any machine": a change here changes every oracle result.
        ulong hash = 14695981039346656037;
        foreach (Event e in EventGenerator.Generate(new GeneratorConfig { EventCount = 5_000 }))
        {
            foreach (char c in e.ToString())
            {
                hash = (hash ^ c) * 1099511628211;
            }
        }

        Assert.Equal(11230391379042508528UL, hash);
    }

    [Fact]
    public void Every_block_of_50_events_holds_1_person_3_auctions_and_46_bids_in_that_order()
    {
        Event[] events = EventGenerator.Events(Small);

        for (int block = 0; block < events.Length / 50; block++)
        {
            EventKind[] kinds = events.Skip(block * 50).Take(50).Select(e => e.Kind).ToArray();
            Assert.Equal(EventKind.Person, kinds[0]);
            Assert.All(kinds[1..4], kind => Assert.Equal(EventKind.Auction, kind));
            Assert.All(kinds[4..], kind => Assert.Equal(EventKind.Bid, kind));
        }
    }

    [Fact]
    public void Ids_are_consecutive_and_references_point_at_most_a_lead_ahead()
    {
        long lastPerson = EventNumbering.FirstPersonId - 1;
        long lastAuction = EventNumbering.FirstAuctionId - 1;
        foreach (Event e in EventGenerator.Generate(Small))
        {
            switch (e.Kind)
            {
                case EventKind.Person:
                    Assert.Equal(++lastPerson, e.Person.Id);
                    break;
                case EventKind.Auction:
                    Assert.Equal(++lastAuction, e.Auction.Id);
                    Assert.InRange(e.Auction.Seller, EventNumbering.FirstPersonId, lastPerson + EventNumbering.IdLead);
                    break;
                default:
                    Assert.InRange(e.Bid.Auction, EventNumbering.FirstAuctionId, lastAuction + EventNumbering.IdLead);
                    Assert.InRange(e.Bid.Bidder, EventNumbering.FirstPersonId, lastPerson + EventNumbering.IdLead);
                    break;
            }
        }
    }

    [Fact]
    public void Bids_reference_existing_auctions_and_auctions_existing_sellers()
    {
        // Ids may point up to a lead past the last one created (NEXMark makes some references
        // arrive before their target), so only events far enough from the end must resolve.
        Event[] events = EventGenerator.Events(Small);
        var auctionIds = events.Where(e => e.Kind == EventKind.Auction).Select(e => e.Auction.Id).ToHashSet();
        var personIds = events.Where(e => e.Kind == EventKind.Person).Select(e => e.Person.Id).ToHashSet();
        Event[] settled = events[..^1_000];

        Assert.All(settled.Where(e => e.Kind == EventKind.Bid), e => Assert.Contains(e.Bid.Auction, auctionIds));
        Assert.All(settled.Where(e => e.Kind == EventKind.Bid), e => Assert.Contains(e.Bid.Bidder, personIds));
        Assert.All(settled.Where(e => e.Kind == EventKind.Auction), e => Assert.Contains(e.Auction.Seller, personIds));
    }

    [Fact]
    public void Hot_auctions_sellers_and_bidders_dominate()
    {
        Event[] events = EventGenerator.Events(Small);
        Bid[] bids = events.Where(e => e.Kind == EventKind.Bid).Select(e => e.Bid).ToArray();
        Auction[] auctions = events.Where(e => e.Kind == EventKind.Auction).Select(e => e.Auction).ToArray();

        // Ratio 2: about half the bids go to the batch's hot auction (id 1000 + a multiple of 100).
        double hotAuctionShare = bids.Count(b => (b.Auction - EventNumbering.FirstAuctionId) % 100 == 0) / (double)bids.Length;
        Assert.InRange(hotAuctionShare, 0.45, 0.60);
        // Ratio 4: about three auctions in four go to the batch's hot seller.
        double hotSellerShare = auctions.Count(a => (a.Seller - EventNumbering.FirstPersonId) % 100 == 0) / (double)auctions.Length;
        Assert.InRange(hotSellerShare, 0.70, 0.80);
        double hotBidderShare = bids.Count(b => (b.Bidder - EventNumbering.FirstPersonId) % 100 == 1) / (double)bids.Length;
        Assert.InRange(hotBidderShare, 0.70, 0.80);
    }

    [Fact]
    public void Fields_hold_plausible_values_and_no_comma_quote_or_line_break()
    {
        foreach (Event e in EventGenerator.Generate(Small))
        {
            switch (e.Kind)
            {
                case EventKind.Person:
                    Assert.Contains(e.Person.State, new[] { "AZ", "CA", "ID", "OR", "WA", "WY" });
                    Assert.Matches(@"^\d{4} \d{4} \d{4} \d{4}$", e.Person.CreditCard);
                    AssertPlain(e.Person.Name, e.Person.EmailAddress, e.Person.City, e.Person.Extra);
                    break;
                case EventKind.Auction:
                    Assert.True(e.Auction.Expires > e.Auction.DateTime);
                    Assert.True(e.Auction.Reserve > e.Auction.InitialBid);
                    Assert.InRange(e.Auction.Category, 10, 14);
                    AssertPlain(e.Auction.ItemName, e.Auction.Description, e.Auction.Extra);
                    break;
                default:
                    Assert.InRange(e.Bid.Price, 100, 100_000_000);
                    AssertPlain(e.Bid.Channel, e.Bid.Url, e.Bid.Extra);
                    break;
            }
        }
    }

    [Fact]
    public void Extra_pads_events_to_the_average_sizes()
    {
        Bid[] bids = EventGenerator.Bids(Small);
        // A bid is 32 bytes of numbers plus Extra; NEXMark's average bid is 100 bytes.
        Assert.InRange(bids.Average(b => 32 + b.Extra.Length), 95, 105);
    }

    [Fact]
    public void Array_helpers_split_the_stream_by_kind()
    {
        Event[] events = EventGenerator.Events(Small with { EventCount = 1_234 });
        GeneratorConfig config = Small with { EventCount = 1_234 };

        Assert.Equal(events.Where(e => e.Kind == EventKind.Bid).Select(e => e.Bid), EventGenerator.Bids(config));
        Assert.Equal(events.Where(e => e.Kind == EventKind.Auction).Select(e => e.Auction), EventGenerator.Auctions(config));
        Assert.Equal(events.Where(e => e.Kind == EventKind.Person).Select(e => e.Person), EventGenerator.Persons(config));
        Assert.Equal(24 + 1, EventGenerator.Persons(config).Length); // 24 blocks of 50 and 34 events
    }

    [Fact]
    public void Event_at_an_id_is_the_event_generate_delivers_for_it()
    {
        var generator = new EventGenerator(Small);
        Event[] events = generator.Generate().ToArray();

        Assert.Equal(events[7_777], generator.EventAt(7_777));
        Assert.Equal(Small.BaseTime + 777, events[7_777].DateTime); // 10 events per ms
    }

    [Theory]
    [InlineData(100, 0.0)]
    [InlineData(1, 0.1)]
    [InlineData(37, 0.2)]
    public void Out_of_order_delivery_stays_within_the_bound_and_reorders_only(int groupSize, double delayProbability)
    {
        GeneratorConfig config = new()
        {
            EventCount = 12_345,
            EventsPerSecond = 1_000,
            OutOfOrderGroupSize = groupSize,
            ProbDelayedEvent = delayProbability,
            OccasionalDelayMs = 500,
        };
        Event[] delivered = EventGenerator.Events(config);

        long maxSeen = config.BaseTime;
        int late = 0;
        foreach (Event e in delivered)
        {
            Assert.True(maxSeen - e.DateTime <= config.MaxOutOfOrdernessMs, $"{e.DateTime} arrived after {maxSeen}");
            late += e.DateTime < maxSeen ? 1 : 0;
            maxSeen = Math.Max(maxSeen, e.DateTime);
        }

        Assert.True(late > delivered.Length / 100, $"only {late} events arrived late");
        Event[] inOrder = EventGenerator.Events(config with { OutOfOrderGroupSize = 1, ProbDelayedEvent = 0 });
        Assert.NotEqual(inOrder, delivered);
        Assert.Equal(inOrder.Order(ByIdThenTime).ToArray(), delivered.Order(ByIdThenTime).ToArray());
    }

    [Fact]
    public void In_order_delivery_never_goes_back_in_time()
    {
        Assert.Equal(0, Small.MaxOutOfOrdernessMs);
        Event[] events = EventGenerator.Events(Small);
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.True(pair.First.DateTime <= pair.Second.DateTime));
    }

    [Fact]
    public void Generating_events_allocates_nothing_once_their_strings_are_made()
    {
        var generator = new EventGenerator(Small);
        long checksum = 0;
        for (long id = 0; id < Small.EventCount; id++)
        {
            checksum += generator.EventAt(id).DateTime; // makes every string these events draw
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long id = 0; id < Small.EventCount; id++)
        {
            checksum -= generator.EventAt(id).DateTime;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, checksum);
    }

    [Fact]
    public void Invalid_configs_are_rejected_with_the_parameter_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EventGenerator(Small with { EventsPerSecond = 0 }));
        Assert.Contains("EventsPerSecond", error.Message);
    }

    private static readonly Comparer<Event> ByIdThenTime = Comparer<Event>.Create((a, b) =>
        (a.Kind, Id(a), a.DateTime).CompareTo((b.Kind, Id(b), b.DateTime)));

    private static long Id(Event e) => e.Kind switch
    {
        EventKind.Person => e.Person.Id,
        EventKind.Auction => e.Auction.Id,
        _ => e.Bid.Auction * 1_000_000_000 + e.Bid.Price, // bids have no id; enough to order equal sets the same way
    };

    private static void AssertPlain(params string[] fields)
    {
        foreach (string field in fields)
        {
            Assert.DoesNotMatch("[,\"\r\n]", field);
        }
    }
}
