namespace Nexmark;

/// <summary>A person who joined the auction site: a seller of auctions and a bidder on them.</summary>
/// <param name="Id">Unique, from 1000 on, in order of creation.</param>
/// <param name="DateTime">When the person joined, in milliseconds since the epoch.</param>
/// <param name="Extra">Padding that brings the event to NEXMark's average size.</param>
public readonly record struct Person(
    long Id,
    string Name,
    string EmailAddress,
    string CreditCard,
    string City,
    string State,
    long DateTime,
    string Extra);
