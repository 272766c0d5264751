using System.Globalization;
using CompiledFlow;

namespace Nexmark.Queries;

/// <summary>
/// NEXMark Q8, monitor new users: the people who opened an auction in the 10 s tumbling window in
/// which they joined (nexmark/nexmark's q8.sql joins the people and the sellers of each window on
/// <c>p.id = a.seller</c> and equal window bounds).
/// <para>
/// A window co-group, keyed by person id on one side and seller on the other, over 10 s tumbling
/// windows: called once per key and window with the person (if they joined in it) and the auctions
/// they opened in it, it emits one row when both are there, however many auctions there were (as
/// q8.sql's per-window grouping of sellers does). Each side is cut down to the columns it needs
/// before the exchange: the person's id and name, the auction's seller.
/// </para>
/// </summary>
[Pipeline]
public static partial class Q8
{
    public const long WindowSizeMs = 10_000;

    [EventTime(MaxOutOfOrdernessMs = QueryTime.MaxOutOfOrdernessMs, MaxWatermarkDriftMs = QueryTime.LooseWatermarkDriftMs)]
    static long Time(in Event e) => e.DateTime;

    [JoinInput]
    public static partial class People
    {
        [Filter]
        static bool IsPerson(in Event e) => e.Kind == EventKind.Person;

        [Map]
        static (long Id, string Name) IdAndName(in Event e) => (e.Person.Id, e.Person.Name);

        [KeyBy]
        static long Id(in (long Id, string Name) person) => person.Id;
    }

    [JoinInput]
    public static partial class Sellers
    {
        [Filter]
        static bool IsAuction(in Event e) => e.Kind == EventKind.Auction;

        [Map]
        static long Seller(in Event e) => e.Auction.Seller;

        [KeyBy]
        static long Key(in long seller) => seller;
    }

    [TumblingWindow(SizeMs = WindowSizeMs)]
    [CoGroup]
    static void NewSeller(in JoinWindow<long, (long Id, string Name), long> window, ref Emitter<(long Id, string Name, long Start, long End)> output)
    {
        // People are unique by id, so a window holds at most one; an auction alone or a person alone is no result.
        if (window.Left.Length > 0 && window.Right.Length > 0)
        {
            output.Emit((window.Key, window.Left[0].Name, window.Start, window.End));
        }
    }

    [Map]
    static Q8Row Row(in (long Id, string Name, long Start, long End) person) => new(person.Id, person.Name, person.Start, person.End);
}

/// <summary>Q8's row: <c>id,name,start,end</c> of the window the person joined and sold in.</summary>
public readonly record struct Q8Row(long Id, string Name, long Start, long End) : IResultRow
{
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Id},{Name},{Start},{End}", out charsWritten);

    /// <summary>The canonical line (see <see cref="ResultText.Line{TRow}"/>).</summary>
    public override string ToString() => ResultText.Line(this);
}
