using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Diagnostics;

/// <summary>
/// Every diagnostic CompiledFlow reports. IDs are never reused; each one is listed in
/// AnalyzerReleases.Shipped.md and documented in docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CompiledFlow";

    public static readonly DiagnosticDescriptor PipelineNotPartial = Error(
        "CF0001",
        "Pipeline class must be partial",
        "Pipeline class '{0}' must be declared partial so that CompiledFlow can add the generated members");

    public static readonly DiagnosticDescriptor EmptyPipeline = Error(
        "CF0002",
        "Pipeline has no operators",
        "Pipeline class '{0}' has no operator method; add a static method marked [Map], [Filter] or [FlatMap]");

    public static readonly DiagnosticDescriptor OperatorsSplitAcrossDeclarations = Error(
        "CF0003",
        "Operators are split across partial declarations",
        "Operator '{0}' of pipeline '{1}' is declared in another partial declaration than operator '{2}'; declare every operator in one partial declaration so that their order is defined");

    public static readonly DiagnosticDescriptor OperatorTypeMismatch = Error(
        "CF0004",
        "Operator input does not match the previous operator's output",
        "Operator '{0}' takes '{1}' but the previous operator '{2}' produces '{3}'");

    public static readonly DiagnosticDescriptor OperatorNotStatic = Error(
        "CF0005",
        "Operator method must be static",
        "Operator method '{0}' must be static");

    public static readonly DiagnosticDescriptor GenericOperator = Error(
        "CF0006",
        "Operator method must not be generic",
        "Operator method '{0}' has type parameters; operator methods must not be generic");

    public static readonly DiagnosticDescriptor MultipleOperatorAttributes = Error(
        "CF0007",
        "Method has more than one operator attribute",
        "Method '{0}' is marked both [{1}] and [{2}]; give each operator method exactly one operator attribute");

    public static readonly DiagnosticDescriptor WrongParameterCount = Error(
        "CF0008",
        "Operator has the wrong number of parameters",
        "[{0}] method '{1}' takes {2} parameter(s); a [{0}] is declared as {3}");

    public static readonly DiagnosticDescriptor FilterMustReturnBool = Error(
        "CF0009",
        "Filter must return bool",
        "[Filter] method '{0}' returns '{1}'; a [Filter] returns bool: static bool {0}(in T x)");

    public static readonly DiagnosticDescriptor MapMustReturnValue = Error(
        "CF0010",
        "Map must return its output record",
        "[Map] method '{0}' returns void; a [Map] returns its output record: static TOut {0}(in TIn x)");

    public static readonly DiagnosticDescriptor FlatMapSignature = Error(
        "CF0011",
        "FlatMap must take a ref Emitter<TOut> and return void",
        "[FlatMap] method '{0}' {1}; a [FlatMap] is declared as static void {0}(in TIn x, ref Emitter<TOut> output)");

    public static readonly DiagnosticDescriptor UnsupportedParameterModifier = Error(
        "CF0012",
        "Operator input parameter has an unsupported modifier",
        "Parameter '{0}' of operator '{1}' is declared '{2}'; declare the input as 'in {3} {0}' or '{3} {0}'");

    public static readonly DiagnosticDescriptor GenericPipeline = Error(
        "CF0013",
        "Pipeline class must not be generic",
        "Pipeline class '{0}' is generic or nested in a generic type; pipelines must not have type parameters");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "CF0014",
        "Type containing a pipeline must be partial",
        "Pipeline class '{0}' is nested in '{1}', which must also be declared partial");

    public static readonly DiagnosticDescriptor UnsupportedOperatorShape = Error(
        "CF0015",
        "Operator shape is not supported",
        "Operator '{0}' is not supported: {1}");

    public static readonly DiagnosticDescriptor OperatorOutsidePipeline = Error(
        "CF0016",
        "Operator method outside a pipeline",
        "[{0}] method '{1}' is in '{2}', which is not marked [Pipeline]; mark the class [Pipeline] or remove the attribute");

    public static readonly DiagnosticDescriptor EventTimeMustReturnLong = Error(
        "CF0017",
        "EventTime must return a long timestamp",
        "[EventTime] method '{0}' returns '{1}'; an [EventTime] returns the record's timestamp in milliseconds: static long {0}(in T x)");

    public static readonly DiagnosticDescriptor KeyByMustReturnKey = Error(
        "CF0018",
        "KeyBy must return the key",
        "[KeyBy] method '{0}' returns void; a [KeyBy] returns the record's key: static TKey {0}(in T x)");

    public static readonly DiagnosticDescriptor AggregateSignature = Error(
        "CF0019",
        "Aggregate has the wrong signature",
        "[Aggregate] method '{0}' {1}; an [Aggregate] is declared as static void {0}(ref TAcc acc, in T x) with a struct accumulator TAcc");

    public static readonly DiagnosticDescriptor AggregateWithoutWindow = Error(
        "CF0020",
        "Windowed operator has no window",
        "[{0}] method '{1}' has no window; add [TumblingWindow], [SlidingWindow] or [SessionWindow] to it");

    public static readonly DiagnosticDescriptor WindowWithoutAggregate = Error(
        "CF0021",
        "Window attribute without a windowed operator",
        "Method '{0}' has a window attribute but is not an [Aggregate] or a [CoGroup]; windows apply to the method that handles their records");

    public static readonly DiagnosticDescriptor MultipleWindows = Error(
        "CF0022",
        "More than one window on an operator",
        "[{0}] method '{1}' has both [{2}] and [{3}]; give it exactly one window");

    public static readonly DiagnosticDescriptor InvalidWindowParameter = Error(
        "CF0023",
        "Invalid window or watermark parameter",
        "[{0}] on '{1}': {2}");

    public static readonly DiagnosticDescriptor KeyedOperatorWithoutKeyBy = Error(
        "CF0024",
        "Keyed operator must follow a KeyBy",
        "[{1}] method '{0}' must come right after a [KeyBy] operator: it keeps its state per key");

    public static readonly DiagnosticDescriptor KeyByWithoutKeyedOperator = Error(
        "CF0025",
        "KeyBy must be followed by a keyed operator",
        "[KeyBy] method '{0}' must be followed directly by a windowed [Aggregate] or a [Process] that uses the key");

    public static readonly DiagnosticDescriptor WindowWithoutEventTime = Error(
        "CF0026",
        "Window without event time",
        "The window of '{0}' needs event time: add an [EventTime] operator before the first [KeyBy]");

    public static readonly DiagnosticDescriptor EventTimePlacement = Error(
        "CF0027",
        "EventTime in the wrong place",
        "[EventTime] method '{0}' {1}; a pipeline has one [EventTime] operator, before its first [KeyBy]");

    public static readonly DiagnosticDescriptor SessionMergeMethod = Error(
        "CF0028",
        "Session window needs a merge method",
        "[SessionWindow] on '{0}' {1}; set Merge = nameof(M) for a method declared static void M(ref {2} into, in {2} other)");

    public static readonly DiagnosticDescriptor ProcessSignature = Error(
        "CF0029",
        "Process has the wrong signature",
        "[Process] method '{0}' {1}; a [Process] is declared as static void {0}(in T x, ref KeyedContext<TKey, TState, TOut> context) with a struct TState");

    public static readonly DiagnosticDescriptor TimerMethod = Error(
        "CF0030",
        "Process timer method not found or wrong",
        "[Process] method '{0}' {1}; OnTimer = nameof(M) names a method declared static void M(ref {2} context)");

    public static readonly DiagnosticDescriptor ProcessKeyMismatch = Error(
        "CF0031",
        "Process key type differs from the KeyBy",
        "[Process] method '{0}' takes keys of type '{1}' but the [KeyBy] '{2}' produces '{3}'");

    public static readonly DiagnosticDescriptor JoinSignature = Error(
        "CF0032",
        "Join method has the wrong signature",
        "[{0}] method '{1}' {2}; it is declared as {3}");

    public static readonly DiagnosticDescriptor JoinInputs = Error(
        "CF0033",
        "Join inputs are missing or wrong",
        "The join of pipeline '{0}' {1}");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
