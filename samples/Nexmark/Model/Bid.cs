namespace Nexmark;

/// <summary>A bid on an auction.</summary>
/// <param name="Auction">The <see cref="Nexmark.Auction.Id"/> bid on.</param>
/// <param name="Bidder">The <see cref="Person.Id"/> of the bidder.</param>
/// <param name="Price">In cents, from 100 to 100,000,000, log-uniform.</param>
/// <param name="Channel">Where the bid came from: a hot channel ("Google", ...) or "channel-N".</param>
/// <param name="Url">The page the bid was placed on.</param>
/// <param name="DateTime">When the bid was placed, in milliseconds since the epoch.</param>
/// <param name="Extra">Padding that brings the event to NEXMark's average size.</param>
public readonly record struct Bid(
    long Auction,
    long Bidder,
    long Price,
    string Channel,
    string Url,
    long DateTime,
    string Extra);
