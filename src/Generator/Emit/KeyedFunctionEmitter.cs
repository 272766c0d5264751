using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Planning;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes the structs through which the runtime's keyed operators call the user's methods: each
/// implements a static abstract interface, so the operator specialized over it calls them directly.
/// Calls are qualified with the pipeline class (<c>owner</c>): a user method named like the
/// interface method (an aggregate called <c>Add</c>) must not bind to the struct's own.
/// </summary>
internal static class KeyedFunctionEmitter
{
    internal static void WriteJoinFunction(IndentedWriter writer, StagePlan stage, string owner)
    {
        OperatorModel join = stage.KeyedOperator!;
        writer.Line($"/// <summary>Calls {join.MethodName} from the join operator, which is specialized over this struct.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        if (join.Kind == OperatorKind.IntervalJoin)
        {
            using (writer.Block($"private readonly struct {stage.ClassName}Function : global::CompiledFlow.IIntervalJoinFunction<{join.LeftType}, {join.RightType}, {join.OutputType}>"))
            {
                writer.Line($"public static {join.OutputType} Join(in {join.LeftType} left, in {join.RightType} right) => {owner}.{join.MethodName}(left, right);");
            }

            return;
        }

        using (writer.Block($"private readonly struct {stage.ClassName}Function : global::CompiledFlow.ICoGroupFunction<{stage.KeyType}, {join.LeftType}, {join.RightType}, {join.OutputType}>"))
        {
            writer.Line($"public static void CoGroup(in global::CompiledFlow.JoinWindow<{stage.KeyType}, {join.LeftType}, {join.RightType}> window, ref global::CompiledFlow.Emitter<{join.OutputType}> output) =>");
            writer.Line($"    {owner}.{join.MethodName}(window, ref output);");
        }
    }

    internal static void WriteAggregator(IndentedWriter writer, StagePlan stage, string owner)
    {
        OperatorModel aggregate = stage.KeyedOperator!;
        WindowModel window = aggregate.Window!;
        writer.Line($"/// <summary>Calls {aggregate.MethodName} from the window operator, which is specialized over this struct.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private readonly struct {stage.ClassName}Aggregator : global::CompiledFlow.IAggregator<{stage.InputType}, {aggregate.AccumulatorType}>"))
        {
            string argument = aggregate.PassesInputByIn ? "in value" : "value";
            writer.Line($"public static void Add(ref {aggregate.AccumulatorType} accumulator, in {stage.InputType} value) => {owner}.{aggregate.MethodName}(ref accumulator, {argument});");
        }

        if (window.Kind == WindowKind.Session)
        {
            writer.Line();
            writer.Line($"/// <summary>Calls {window.MergeMethod} when sessions merge.</summary>");
            writer.Line(PipelineEmitter.GeneratedCodeAttribute);
            using (writer.Block($"private readonly struct {stage.ClassName}Merger : global::CompiledFlow.IAccumulatorMerger<{aggregate.AccumulatorType}>"))
            {
                writer.Line($"public static void Merge(ref {aggregate.AccumulatorType} into, in {aggregate.AccumulatorType} other) => {owner}.{window.MergeMethod}(ref into, other);");
            }
        }
    }

    internal static void WriteProcessFunction(IndentedWriter writer, StagePlan stage, string owner)
    {
        OperatorModel process = stage.KeyedOperator!;
        string context = $"global::CompiledFlow.KeyedContext<{stage.KeyType}, {process.StateType}, {process.OutputType}>";
        writer.Line($"/// <summary>Calls {process.MethodName}{(process.TimerMethod is null ? string.Empty : " and " + process.TimerMethod)} from the process operator, which is specialized over this struct.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private readonly struct {stage.ClassName}Function : global::CompiledFlow.IKeyedProcessFunction<{stage.KeyType}, {stage.InputType}, {process.StateType}, {process.OutputType}>"))
        {
            string argument = process.PassesInputByIn ? "in value" : "value";
            writer.Line($"public static void ProcessElement(in {stage.InputType} value, ref {context} context) => {owner}.{process.MethodName}({argument}, ref context);");
            writer.Line();
            writer.Line(process.TimerMethod is null
                ? $"public static void OnTimer(ref {context} context) {{ }} // the pipeline sets no timer method"
                : $"public static void OnTimer(ref {context} context) => {owner}.{process.TimerMethod}(ref context);");
        }
    }
}
