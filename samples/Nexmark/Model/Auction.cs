namespace Nexmark;

/// <summary>An item put up for auction by a seller; open from <see cref="DateTime"/> to <see cref="Expires"/>.</summary>
/// <param name="Id">Unique, from 1000 on, in order of creation.</param>
/// <param name="InitialBid">Opening price in cents.</param>
/// <param name="Reserve">Lowest price the seller accepts, in cents; always above <see cref="InitialBid"/>.</param>
/// <param name="DateTime">When the auction opened, in milliseconds since the epoch.</param>
/// <param name="Expires">When the auction closes, in milliseconds since the epoch; after <see cref="DateTime"/>.</param>
/// <param name="Seller">The <see cref="Person.Id"/> of the seller.</param>
/// <param name="Category">One of 10..14.</param>
/// <param name="Extra">Padding that brings the event to NEXMark's average size.</param>
public readonly record struct Auction(
    long Id,
    string ItemName,
    string Description,
    long InitialBid,
    long Reserve,
    long DateTime,
    long Expires,
    long Seller,
    long Category,
    string Extra);
