using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CompiledFlow.Generator.Tests;

/// <summary>
/// One test per diagnostic ID: the source marks the expected location with [| |]; the test checks
/// that exactly that diagnostic is reported there and that its message names the method and types.
/// </summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void CF0001_pipeline_class_not_partial() => AssertSingle("CF0001", """
        [Pipeline]
        public static class [|Prices|]
        {
            [Map] static long Double(in long x) => x * 2;
        }
        """, "Prices");

    [Fact]
    public void CF0002_pipeline_without_operators() => AssertSingle("CF0002", """
        [Pipeline]
        public static partial class [|Nothing|]
        {
            static long NotAnOperator(in long x) => x;
        }
        """, "Nothing");

    [Fact]
    public void CF0003_operators_split_across_partial_declarations() => AssertSingle("CF0003", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long Double(in long x) => x * 2;
        }

        public static partial class Prices
        {
            [Filter] static bool [|Positive|](in long x) => x > 0;
        }
        """, "Positive", "Double");

    [Fact]
    public void CF0004_input_does_not_match_previous_output() => AssertSingle("CF0004", """
        public record struct Bid(long Price);
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long Price(in Bid b) => b.Price;
            [Filter] static bool [|Valid|](in Bid b) => b.Price > 0;
        }
        """, "'Valid' takes 'Bid'", "'Price' produces 'long'");

    [Fact]
    public void CF0005_operator_not_static() => AssertSingle("CF0005", """
        [Pipeline]
        public partial class Prices
        {
            [Map] long [|Double|](in long x) => x * 2;
        }
        """, "Double");

    [Fact]
    public void CF0006_generic_operator() => AssertSingle("CF0006", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static T [|Same|]<T>(in T x) => x;
        }
        """, "Same");

    [Fact]
    public void CF0007_two_operator_attributes() => AssertSingle("CF0007", """
        [Pipeline]
        public static partial class Prices
        {
            [Map, Filter] static bool [|Both|](in long x) => x > 0;
        }
        """, "Both", "[Map]", "[Filter]");

    [Fact]
    public void CF0008_wrong_parameter_count() => AssertSingle("CF0008", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long [|Add|](in long x, long y) => x + y;
        }
        """, "[Map] method 'Add' takes 2 parameter(s)", "static TOut Add(in TIn x)");

    [Fact]
    public void CF0009_filter_not_returning_bool() => AssertSingle("CF0009", """
        [Pipeline]
        public static partial class Prices
        {
            [Filter] static int [|Sign|](in long x) => x > 0 ? 1 : 0;
        }
        """, "Sign", "'int'");

    [Fact]
    public void CF0010_map_returning_void() => AssertSingle("CF0010", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static void [|Nothing|](in long x) { }
        }
        """, "Nothing");

    [Fact]
    public void CF0011_flat_map_without_emitter() => AssertSingle("CF0011", """
        [Pipeline]
        public static partial class Prices
        {
            [FlatMap] static void [|Split|](in string x, System.Collections.Generic.List<string> output) { }
        }
        """, "Split", "List<string>", "ref Emitter<TOut>");

    [Fact]
    public void CF0011_flat_map_emitter_without_ref() => AssertSingle("CF0011", """
        [Pipeline]
        public static partial class Prices
        {
            [FlatMap] static void [|Split|](in string x, Emitter<string> output) { }
        }
        """, "Split", "without 'ref'");

    [Fact]
    public void CF0012_ref_input_parameter() => AssertSingle("CF0012", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long Double(ref long [|x|]) => x * 2;
        }
        """, "'x'", "'Double'", "'ref'", "'in long x'");

    [Fact]
    public void CF0013_generic_pipeline_class() => AssertSingle("CF0013", """
        [Pipeline]
        public static partial class [|Prices|]<T>
        {
            [Map] static long Double(in long x) => x * 2;
        }
        """, "Prices");

    [Fact]
    public void CF0014_containing_type_not_partial() => AssertSingle("CF0014", """
        public static class Outer
        {
            [Pipeline]
            public static partial class [|Prices|]
            {
                [Map] static long Double(in long x) => x * 2;
            }
        }
        """, "Prices", "Outer");

    [Fact]
    public void CF0015_ref_struct_record() => AssertSingle("CF0015", """
        [Pipeline]
        public static partial class Prices
        {
            [Map] static long [|Length|](in System.ReadOnlySpan<byte> x) => x.Length;
        }
        """, "Length", "ref struct");

    [Fact]
    public void CF0016_operator_outside_a_pipeline() => AssertSingle("CF0016", """
        public static class Helpers
        {
            [Filter] static bool [|Positive|](in long x) => x > 0;
        }
        """, "[Filter]", "Positive", "Helpers", "[Pipeline]");

    private const string Keyed = """
        public record struct Bid(long Auction, long Price, long Time);
        public struct Stats { public long Count; }

        """;

    [Fact]
    public void CF0017_event_time_not_returning_long() => AssertSingle("CF0017", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static int [|Time|](in Bid b) => (int)b.Time;
        }
        """, "Time", "'int'", "static long Time(in T x)");

    [Fact]
    public void CF0018_key_by_returning_void() => AssertSingle("CF0018", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [KeyBy] static void [|Auction|](in Bid b) { }
        }
        """, "Auction");

    [Fact]
    public void CF0019_aggregate_without_ref_accumulator() => AssertSingle("CF0019", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [TumblingWindow(SizeMs = 1000)]
            [Aggregate] static void [|Count|](Stats s, in Bid b) { }
        }
        """, "Count", "without 'ref'");

    [Fact]
    public void CF0019_aggregate_into_a_class() => AssertSingle("CF0019", Keyed + """
        public class Box { public long Count; }
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [TumblingWindow(SizeMs = 1000)]
            [Aggregate] static void [|Count|](ref Box s, in Bid b) { }
        }
        """, "Count", "'Box', which is not a struct");

    [Fact]
    public void CF0020_aggregate_without_window() => AssertSingle("CF0020", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [Aggregate] static void [|Count|](ref Stats s, in Bid b) => s.Count++;
        }
        """, "Count", "[TumblingWindow]");

    [Fact]
    public void CF0021_window_without_aggregate() => AssertSingle("CF0021", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [TumblingWindow(SizeMs = 1000)]
            [Map] static long [|Price|](in Bid b) => b.Price;
        }
        """, "Price", "[Aggregate]");

    [Fact]
    public void CF0022_two_windows() => AssertSingle("CF0022", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [TumblingWindow(SizeMs = 1000), SlidingWindow(SizeMs = 1000, SlideMs = 500)]
            [Aggregate] static void [|Count|](ref Stats s, in Bid b) => s.Count++;
        }
        """, "Count", "[TumblingWindow]", "[SlidingWindow]");

    [Fact]
    public void CF0023_slide_larger_than_size() => AssertSingle("CF0023", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [SlidingWindow(SizeMs = 1000, SlideMs = 5000)]
            [Aggregate] static void [|Count|](ref Stats s, in Bid b) => s.Count++;
        }
        """, "[SlidingWindow] on 'Count'", "SlideMs", "5000");

    [Fact]
    public void CF0023_negative_out_of_orderness() => AssertSingle("CF0023", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime(MaxOutOfOrdernessMs = -1)] static long [|Time|](in Bid b) => b.Time;
        }
        """, "MaxOutOfOrdernessMs", "-1");

    [Fact]
    public void CF0023_negative_watermark_drift() => AssertSingle("CF0023", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime(MaxWatermarkDriftMs = -5)] static long [|Time|](in Bid b) => b.Time;
        }
        """, "MaxWatermarkDriftMs", "-5");

    [Fact]
    public void CF0024_aggregate_without_key_by() => AssertSingle("CF0024", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [TumblingWindow(SizeMs = 1000)]
            [Aggregate] static void [|Count|](ref Stats s, in Bid b) => s.Count++;
        }
        """, "Count", "[KeyBy]");

    [Fact]
    public void CF0025_key_by_without_aggregate() => AssertSingle("CF0025", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long [|Auction|](in Bid b) => b.Auction;
            [Map] static long Price(in Bid b) => b.Price;
        }
        """, "Auction");

    [Fact]
    public void CF0026_window_without_event_time() => AssertSingle("CF0026", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [TumblingWindow(SizeMs = 1000)]
            [Aggregate] static void [|Count|](ref Stats s, in Bid b) => s.Count++;
        }
        """, "Count", "[EventTime]");

    [Fact]
    public void CF0027_event_time_after_key_by() => AssertSingle("CF0027", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [TumblingWindow(SizeMs = 1000)]
            [Aggregate] static void Count(ref Stats s, in Bid b) => s.Count++;
            [EventTime] static long [|End|](in WindowResult<long, Stats> w) => w.End;
        }
        """, "End", "after the [KeyBy] 'Auction'");

    [Fact]
    public void CF0028_session_window_without_merge() => AssertSingle("CF0028", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [SessionWindow(GapMs = 1000)]
            [Aggregate] static void [|Count|](ref Stats s, in Bid b) => s.Count++;
        }
        """, "Count", "names no merge method", "ref Stats into, in Stats other");

    [Fact]
    public void CF0028_session_merge_with_the_wrong_signature() => AssertSingle("CF0028", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [SessionWindow(GapMs = 1000, Merge = nameof(Merge))]
            [Aggregate] static void [|Count|](ref Stats s, in Bid b) => s.Count++;
            static Stats Merge(Stats a, Stats b) => a;
        }
        """, "names 'Merge', whose signature does not fit");

    [Fact]
    public void CF0029_process_without_a_context() => AssertSingle("CF0029", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [Process] static void [|Dedup|](in Bid b, ref Emitter<Bid> output) { }
        }
        """, "Dedup", "Emitter<Bid>", "ref KeyedContext<TKey, TState, TOut>");

    [Fact]
    public void CF0029_process_with_class_state() => AssertSingle("CF0029", Keyed + """
        public class Box { }
        [Pipeline]
        public static partial class Prices
        {
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [Process] static void [|Dedup|](in Bid b, ref KeyedContext<long, Box, Bid> context) { }
        }
        """, "Dedup", "'Box', which is not a struct");

    [Fact]
    public void CF0030_timer_method_missing() => AssertSingle("CF0030", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [Process(OnTimer = "Expire")] static void [|Dedup|](in Bid b, ref KeyedContext<long, Stats, Bid> context) { }
        }
        """, "Dedup", "'Expire', which is not a method", "ref KeyedContext<long, Stats, Bid> context");

    [Fact]
    public void CF0031_process_key_differs_from_key_by() => AssertSingle("CF0031", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [Process] static void [|Dedup|](in Bid b, ref KeyedContext<int, Stats, Bid> context) { }
        }
        """, "Dedup", "'int'", "'Auction' produces 'long'");

    [Fact]
    public void CF0024_process_without_key_by() => AssertSingle("CF0024", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [Process] static void [|Dedup|](in Bid b, ref KeyedContext<long, Stats, Bid> context) { }
        }
        """, "[Process] method 'Dedup'", "[KeyBy]");

    private const string Joined = """
        public record struct Person(long Id, string Name, long Time);
        public record struct Auction(long Id, long Seller, long Time);
        public record struct Event(bool IsPerson, Person Person, Auction Auction, long Time);

        """;

    [Fact]
    public void CF0032_co_group_without_an_emitter() => AssertSingle("CF0032", Joined + """
        [Pipeline]
        public static partial class NewSellers
        {
            [EventTime] static long Time(in Event e) => e.Time;
            [JoinInput] public static partial class People { [KeyBy] static long Id(in Event e) => e.Person.Id; }
            [JoinInput] public static partial class Sellers { [KeyBy] static long Seller(in Event e) => e.Auction.Seller; }
            [TumblingWindow(SizeMs = 10_000)]
            [CoGroup] static long [|Match|](in JoinWindow<long, Event, Event> window, int unused) => 0;
        }
        """, "[CoGroup] method 'Match'", "ref Emitter<TOut>", "static void Match(in JoinWindow<TKey, TLeft, TRight> window, ref Emitter<TOut> output)");

    [Fact]
    public void CF0032_interval_join_returning_void() => AssertSingle("CF0032", Joined + """
        [Pipeline]
        public static partial class NewSellers
        {
            [EventTime] static long Time(in Event e) => e.Time;
            [JoinInput] public static partial class People { [KeyBy] static long Id(in Event e) => e.Person.Id; }
            [JoinInput] public static partial class Sellers { [KeyBy] static long Seller(in Event e) => e.Auction.Seller; }
            [IntervalJoin(LowerMs = 0, UpperMs = 1000)]
            static void [|Match|](in Event person, in Event auction) { }
        }
        """, "[IntervalJoin] method 'Match' returns void");

    [Fact]
    public void CF0033_join_with_one_input() => AssertSingle("CF0033", Joined + """
        [Pipeline]
        public static partial class NewSellers
        {
            [EventTime] static long Time(in Event e) => e.Time;
            [JoinInput] public static partial class People { [KeyBy] static long Id(in Event e) => e.Person.Id; }
            [IntervalJoin(LowerMs = 0, UpperMs = 1000)]
            static long [|Match|](in Event person, in Event auction) => person.Person.Id;
        }
        """, "'NewSellers'", "needs two nested [JoinInput] classes, found 1");

    [Fact]
    public void CF0033_join_input_without_key_by() => AssertSingle("CF0033", Joined + """
        [Pipeline]
        public static partial class NewSellers
        {
            [EventTime] static long Time(in Event e) => e.Time;
            [JoinInput] public static partial class People { [Map] static Person Person(in Event e) => e.Person; }
            [JoinInput] public static partial class Sellers { [KeyBy] static long Seller(in Event e) => e.Auction.Seller; }
            [IntervalJoin(LowerMs = 0, UpperMs = 1000)]
            static long Match(in Person person, in Event auction) => person.Id;
        }
        """.Replace("class People", "class [|People|]"), "input 'People', which must end with a [KeyBy]");

    [Fact]
    public void CF0033_join_inputs_with_different_keys() => AssertSingle("CF0033", Joined + """
        [Pipeline]
        public static partial class NewSellers
        {
            [EventTime] static long Time(in Event e) => e.Time;
            [JoinInput] public static partial class People { [KeyBy] static long Id(in Event e) => e.Person.Id; }
            [JoinInput] public static partial class Sellers { [KeyBy] static int Seller(in Event e) => (int)e.Auction.Seller; }
            [IntervalJoin(LowerMs = 0, UpperMs = 1000)]
            static long [|Match|](in Event person, in Event auction) => person.Person.Id;
        }
        """, "needs one key type", "'long'", "'int'");

    [Fact]
    public void CF0033_join_input_with_a_local_key_by() => AssertSingle("CF0033", Joined + """
        [Pipeline]
        public static partial class NewSellers
        {
            [EventTime] static long Time(in Event e) => e.Time;
            [JoinInput] public static partial class People { [KeyBy(Local = true)] static long [|Id|](in Event e) => e.Person.Id; }
            [JoinInput] public static partial class Sellers { [KeyBy] static long Seller(in Event e) => e.Auction.Seller; }
            [IntervalJoin(LowerMs = 0, UpperMs = 1000)]
            static long Match(in Event person, in Event auction) => person.Person.Id;
        }
        """, "input 'People', whose [KeyBy] 'Id' is local", "cannot set Local = true");

    [Fact]
    public void CF0033_join_input_without_a_join() => AssertSingle("CF0033", Joined + """
        [Pipeline]
        public static partial class NewSellers
        {
            [EventTime] static long Time(in Event e) => e.Time;
            [JoinInput] public static partial class [|People|] { [KeyBy] static long Id(in Event e) => e.Person.Id; }
        }
        """, "'People' is a [JoinInput] but no [CoGroup] or [IntervalJoin] follows");

    [Fact]
    public void CF0004_operator_after_a_window_must_take_the_window_result() => AssertSingle("CF0004", Keyed + """
        [Pipeline]
        public static partial class Prices
        {
            [EventTime] static long Time(in Bid b) => b.Time;
            [KeyBy] static long Auction(in Bid b) => b.Auction;
            [TumblingWindow(SizeMs = 1000)]
            [Aggregate] static void Count(ref Stats s, in Bid b) => s.Count++;
            [Map] static long [|Total|](in Stats s) => s.Count;
        }
        """, "'Total' takes 'Stats'", "'Count' produces 'WindowResult<long, Stats>'");

    [Fact]
    public void Unbound_types_are_left_to_the_compiler()
    {
        (string source, _) = Markup("""
            [Pipeline]
            public static partial class Prices
            {
                [Map] static Missing Convert(in long x) => default;
            }
            """);
        Assert.Empty(GeneratorHarness.Diagnostics(source));
    }

    [Fact]
    public void Half_typed_code_does_not_crash_the_generator()
    {
        string[] fragments =
        [
            "[Pipeline] public static partial class P { [Map] static long M(in long x) => ",
            "[Pipeline] public static partial class P { [Map] static M(in x) }",
            "[Pipeline] public static partial class P { [FlatMap] static void F(in long x, ref Emitter<> o) { } }",
            "[Pipeline] partial class { [Filter] bool (long) }",
            "[Pipeline] public static partial class P { [Map] static long M(in long x) => x; [Map] static long M(in long x) => x; }",
        ];
        foreach (string fragment in fragments)
        {
            GeneratorDriverRunResult result = GeneratorHarness.Run(GeneratorHarness.Compile(Prelude + fragment)).Result;
            Assert.All(result.Results, r => Assert.Null(r.Exception));
        }
    }

    [Fact]
    public void Every_prefix_of_a_pipeline_file_is_handled_without_an_exception()
    {
        // Simulates typing a pipeline character by character: the generator must report or stay silent, never throw.
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pipelines", "WordPipelines.cs"));
        for (int length = 0; length <= source.Length; length += 3)
        {
            GeneratorDriverRunResult result = GeneratorHarness.Run(GeneratorHarness.Compile(Prelude + source[..length])).Result;
            Assert.All(result.Results, r => Assert.Null(r.Exception));
        }
    }

    private const string Prelude = "using CompiledFlow;\n";

    private static void AssertSingle(string id, string markedSource, params string[] messageParts)
    {
        (string source, TextSpan expected) = Markup(markedSource);
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnostics(source));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string part in messageParts)
        {
            Assert.Contains(part, message);
        }
    }

    /// <summary>Removes the [| |] marker and returns the span it surrounded.</summary>
    private static (string Source, TextSpan Span) Markup(string marked)
    {
        string source = Prelude + marked;
        int start = source.IndexOf("[|", StringComparison.Ordinal);
        if (start < 0)
        {
            return (source, default);
        }

        source = source.Remove(start, 2);
        int end = source.IndexOf("|]", start, StringComparison.Ordinal);
        return (source.Remove(end, 2), TextSpan.FromBounds(start, end));
    }
}
