using System.Globalization;
using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Planning;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes a pipeline with keyed stages: <c>Run</c> (a job at parallelism 1), the source stage's
/// fused loop and chain, one class per keyed stage (its window operator, specialized over the
/// generated aggregator, fused with the operators after it), and <c>CreateJob</c> wiring them into
/// a <c>JobPlan</c>.
/// </summary>
internal static class KeyedPipelineEmitter
{
    public static void Write(IndentedWriter writer, PipelineModel pipeline, PipelinePlan plan)
    {
        WriteRun(writer, pipeline);
        writer.Line();
        WriteCreateJob(writer, pipeline, plan);
        writer.Line();
        WriteSourceStage(writer, pipeline, plan.Stages[0], plan.HasEventTime);
        for (int i = 1; i < plan.Stages.Count; i++)
        {
            writer.Line();
            WriteKeyedStage(writer, pipeline, plan.Stages[i]);
        }
    }

    private static void WriteRun(IndentedWriter writer, PipelineModel pipeline)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Runs the pipeline over a bounded input at parallelism 1 and returns its output records in the");
        writer.Line("/// order they were produced. The end of the input is the final watermark: it fires every open window.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        writer.Line($"{pipeline.MemberAccessibility} static global::System.Collections.Generic.List<{pipeline.OutputType}> Run(global::System.ReadOnlySpan<{pipeline.InputType}> input)");
        using (writer.Block(string.Empty))
        {
            writer.Line($"var output = new global::CompiledFlow.CollectionSink<{pipeline.OutputType}>();");
            writer.Line("CreateJob()");
            writer.Line($"    .From(global::CompiledFlow.Sources.FromMemory<{pipeline.InputType}>(input.ToArray()))");
            writer.Line("    .To(output)");
            writer.Line("    .WithOptions(new global::CompiledFlow.JobOptions { Parallelism = 1 })");
            writer.Line("    .Run();");
            writer.Line($"return new global::System.Collections.Generic.List<{pipeline.OutputType}>(output.Items);");
        }
    }

    private static void WriteCreateJob(IndentedWriter writer, PipelineModel pipeline, PipelinePlan plan)
    {
        string job = $"global::CompiledFlow.Job<{pipeline.InputType}, {pipeline.OutputType}>";
        writer.Line("/// <summary>");
        writer.Line("/// Creates a job that runs this pipeline from a source to one or more sinks:");
        writer.Line("/// <c>CreateJob().From(source).To(sink).Run()</c>. Each keyed stage runs as");
        writer.Line("/// <see cref=\"global::CompiledFlow.JobOptions.Parallelism\"/> subtasks, records routed to them by key.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        writer.Line($"{pipeline.MemberAccessibility} static {job} CreateJob()");
        using (writer.Block(string.Empty))
        {
            StagePlan source = plan.Stages[0];
            writer.Line($"var stage0 = global::CompiledFlow.JobPlan.Source<{pipeline.InputType}, {source.OutputType}>(static () => new SourceChain());");
            for (int i = 1; i < plan.Stages.Count; i++)
            {
                writer.Line($"var stage{i} = global::CompiledFlow.JobPlan.KeyBy(stage{i - 1}, static () => new {plan.Stages[i].ClassName}());");
            }

            writer.Line($"return new {job}(stage{plan.Stages.Count - 1});");
        }
    }

    private static void WriteSourceStage(IndentedWriter writer, PipelineModel pipeline, StagePlan stage, bool hasEventTime)
    {
        string watermarks = hasEventTime ? ", ref global::CompiledFlow.WatermarkTracker watermarks" : string.Empty;
        writer.Line("/// <summary>");
        writer.Line($"/// The source stage {Describe(stage)}: runs over each batch the source reads and keys the records");
        writer.Line("/// for the first keyed stage.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        writer.Line($"private static void ProcessSourceBatch<TCollector>(global::System.ReadOnlySpan<{pipeline.InputType}> batch, ref TCollector output{watermarks})");
        writer.Line($"    where TCollector : struct, global::CompiledFlow.ICollector<{stage.OutputType}>");
        using (writer.Block(string.Empty))
        {
            string timestamp = hasEventTime ? "timestamp" : "long.MinValue";
            ChainEmitter.WriteLoop(writer, $"foreach (ref readonly {pipeline.InputType} {stage.Chain.InputVariable} in batch)", stage.Chain, (w, record) =>
            {
                if (stage.JoinInputs.Count == 0)
                {
                    WriteExit(w, stage, record, timestamp);
                    return;
                }

                foreach (JoinInputPlan input in stage.JoinInputs)
                {
                    w.Line($"{input.MethodName}(in {record}, {timestamp}, ref output);");
                }
            });
        }

        foreach (JoinInputPlan input in stage.JoinInputs)
        {
            writer.Line();
            using (writer.Block($"partial class {input.Name}"))
            {
                WriteJoinInput(writer, stage, input);
            }
        }

        writer.Line();
        writer.Line("/// <summary>The source stage as the runtime drives it: one per source reader, holding its watermark.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private sealed class SourceChain : global::CompiledFlow.IOperatorChain<{pipeline.InputType}, {stage.OutputType}>"))
        {
            long bound = 0, idle = 0;
            foreach (ChainStep step in stage.Chain.Steps)
            {
                if (step.Operator.Kind == OperatorKind.EventTime)
                {
                    bound = step.Operator.MaxOutOfOrdernessMs;
                    idle = step.Operator.IdleTimeoutMs;
                }
            }

            if (hasEventTime)
            {
                writer.Line($"private global::CompiledFlow.WatermarkTracker _watermarks = new global::CompiledFlow.WatermarkTracker(maxOutOfOrdernessMs: {Number(bound)});");
                writer.Line();
            }

            writer.Line($"public string Name => \"{pipeline.FullName}\";");
            writer.Line();
            if (hasEventTime)
            {
                writer.Line("public long CurrentWatermark => _watermarks.Watermark;");
                writer.Line();
                if (idle > 0)
                {
                    writer.Line($"public long IdleTimeoutMs => {Number(idle)};");
                    writer.Line();
                }
            }

            writer.Line($"public void Process(global::System.ReadOnlySpan<{pipeline.InputType}> batch, ref global::CompiledFlow.OutputBuffer<{stage.OutputType}> output) =>");
            writer.Line($"    ProcessSourceBatch(batch, ref output{(hasEventTime ? ", ref _watermarks" : string.Empty)});");
        }
    }

    /// <summary>Writes the method that runs one join input over a record and keys it as the join's left or right record.</summary>
    private static void WriteJoinInput(IndentedWriter writer, StagePlan stage, JoinInputPlan input)
    {
        string side = input.IsLeft ? "left" : "right";
        writer.Line("/// <summary>");
        writer.Line($"/// The join input {input.Name}{(input.Chain.Steps.Count == 0 ? string.Empty : ": " + ChainEmitter.Describe(input.Chain))}, keyed by {input.KeyBy.MethodName} as the join's {side} records.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        writer.Line($"internal static void ProcessJoinInput<TCollector>(in {input.InputType} {input.Chain.InputVariable}, long timestamp, ref TCollector output)");
        writer.Line($"    where TCollector : struct, global::CompiledFlow.ICollector<{stage.OutputType}>");
        using (writer.Block(string.Empty))
        {
            ChainEmitter.WriteBody(writer, input.Chain, (w, record) =>
            {
                string argument = input.KeyBy.PassesInputByIn ? "in " + record : record;
                w.Line($"// [KeyBy] {input.KeyBy.MethodName}");
                w.Line($"output.Collect(new {stage.OutputType}({input.KeyBy.MethodName}({argument}), timestamp, {input.JoinInputType}.From{(input.IsLeft ? "Left" : "Right")}({record})));");
            });
        }
    }

    private static void WriteKeyedStage(IndentedWriter writer, PipelineModel pipeline, StagePlan stage)
    {
        OperatorModel keyedOperator = stage.KeyedOperator!;
        bool isProcess = keyedOperator.Kind is OperatorKind.Process or OperatorKind.CoGroup or OperatorKind.IntervalJoin; // they emit keyed records
        bool isJoin = keyedOperator.IsJoin;
        string keyed = $"global::CompiledFlow.Keyed<{stage.KeyType}, {stage.InputType}>";
        string output = $"{stage.ClassName}Output";
        string element = isProcess ? $"global::CompiledFlow.Keyed<{stage.KeyType}, {keyedOperator.OutputType}>" : keyedOperator.OutputType;
        (string field, string type, string arguments, string summary) = isJoin ? JoinOperator(stage) : isProcess ? ProcessOperator(stage) : WindowOperator(stage);

        writer.Line("/// <summary>");
        writer.Line($"/// A subtask of keyed stage {stage.Index}: {summary},");
        writer.Line($"/// then {(stage.Chain.Steps.Count == 0 ? "emitted" : ChainEmitter.Describe(stage.Chain))} over each {(isProcess ? "emitted record" : "window result")}.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private sealed class {stage.ClassName} : global::CompiledFlow.IKeyedStage<{stage.KeyType}, {stage.InputType}, {stage.OutputType}>"))
        {
            writer.Line($"private readonly {type} {field} = new {type}({arguments});");
            writer.Line();
            using (writer.Block($"public void ProcessBatch(global::System.ReadOnlySpan<{keyed}> batch, ref global::CompiledFlow.OutputBuffer<{stage.OutputType}> output, ref global::CompiledFlow.OutputBuffer<{stage.InputType}> late)"))
            {
                writer.Line($"var results = new {output}(output);");
                using (writer.Block($"foreach (ref readonly {keyed} record in batch)"))
                {
                    if (isProcess && !isJoin)
                    {
                        writer.Line($"{field}.Add(in record.Key, record.Timestamp, in record.Value, ref results); // a process function sees late records too");
                    }
                    else
                    {
                        using (writer.Block($"if (!{field}.Add(in record.Key, record.Timestamp, in record.Value, ref results))"))
                        {
                            writer.Line("late.Collect(in record.Value);");
                        }
                    }
                }

                writer.Line();
                writer.Line("output = results.Output;");
            }

            writer.Line();
            using (writer.Block($"public void AdvanceWatermark(long watermark, ref global::CompiledFlow.OutputBuffer<{stage.OutputType}> output)"))
            {
                writer.Line($"var results = new {output}(output);");
                writer.Line($"{field}.AdvanceWatermark(watermark, ref results);");
                writer.Line("output = results.Output;");
            }
        }

        writer.Line();
        writer.Line($"/// <summary>Runs the operators after the keyed operator of stage {stage.Index} over each record it emits.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private struct {output} : global::CompiledFlow.ICollector<{element}>"))
        {
            writer.Line($"public global::CompiledFlow.OutputBuffer<{stage.OutputType}> Output;");
            writer.Line();
            writer.Line($"public {output}(global::CompiledFlow.OutputBuffer<{stage.OutputType}> output) => Output = output;");
            writer.Line();
            string parameter = isProcess ? "emitted" : stage.Chain.InputVariable;
            using (writer.Block($"public void Collect(in {element} {parameter})"))
            {
                if (isProcess)
                {
                    writer.Line($"ref readonly {keyedOperator.OutputType} {stage.Chain.InputVariable} = ref emitted.Value;");
                    if (stage.Exit is not null)
                    {
                        writer.Line("long timestamp = emitted.Timestamp;");
                    }
                }
                else if (stage.Exit is not null)
                {
                    writer.Line($"long timestamp = {stage.Chain.InputVariable}.End - 1; // a window result's time, as in Flink");
                }

                ChainEmitter.WriteBody(writer, stage.Chain, (w, record) => WriteExit(w, stage, record, "timestamp", collector: "Output"));
            }
        }

        writer.Line();
        if (isJoin)
        {
            WriteJoinFunction(writer, stage);
        }
        else if (isProcess)
        {
            WriteProcessFunction(writer, stage);
        }
        else
        {
            WriteAggregator(writer, stage);
        }
    }

    private static (string Field, string Type, string Arguments, string Summary) WindowOperator(StagePlan stage)
    {
        OperatorModel aggregate = stage.KeyedOperator!;
        WindowModel window = aggregate.Window!;
        string aggregator = $"{stage.ClassName}Aggregator";
        string type = window.Kind switch
        {
            WindowKind.Tumbling => $"global::CompiledFlow.TumblingWindows<{stage.KeyType}, {stage.InputType}, {aggregate.AccumulatorType}, {aggregator}>",
            WindowKind.Sliding => $"global::CompiledFlow.SlidingWindows<{stage.KeyType}, {stage.InputType}, {aggregate.AccumulatorType}, {aggregator}>",
            _ => $"global::CompiledFlow.SessionWindows<{stage.KeyType}, {stage.InputType}, {aggregate.AccumulatorType}, {aggregator}, {stage.ClassName}Merger>",
        };
        string arguments = window.Kind switch
        {
            WindowKind.Tumbling => $"sizeMs: {Number(window.SizeMs)}, allowedLatenessMs: {Number(window.AllowedLatenessMs)}",
            WindowKind.Sliding => $"sizeMs: {Number(window.SizeMs)}, slideMs: {Number(window.SlideMs)}, allowedLatenessMs: {Number(window.AllowedLatenessMs)}",
            _ => $"gapMs: {Number(window.GapMs)}, allowedLatenessMs: {Number(window.AllowedLatenessMs)}",
        };
        return ("_window", type, arguments, $"{Describe(window)} per key, aggregated by {aggregate.MethodName}");
    }

    private static (string Field, string Type, string Arguments, string Summary) ProcessOperator(StagePlan stage)
    {
        OperatorModel process = stage.KeyedOperator!;
        string type = $"global::CompiledFlow.KeyedProcessOperator<{stage.KeyType}, {stage.InputType}, {process.StateType}, {process.OutputType}, {stage.ClassName}Function>";
        return ("_process", type, string.Empty, $"the keyed process function {process.MethodName}");
    }

    private static (string Field, string Type, string Arguments, string Summary) JoinOperator(StagePlan stage)
    {
        OperatorModel join = stage.KeyedOperator!;
        string types = $"{stage.KeyType}, {join.LeftType}, {join.RightType}, {join.OutputType}, {stage.ClassName}Function";
        if (join.Kind == OperatorKind.IntervalJoin)
        {
            return ("_join", $"global::CompiledFlow.IntervalJoinOperator<{types}>", $"lowerMs: {Number(join.LowerMs)}, upperMs: {Number(join.UpperMs)}",
                $"the interval join {join.MethodName} of right records from {Number(join.LowerMs)} ms to {Number(join.UpperMs)} ms around each left record");
        }

        WindowModel window = join.Window!;
        long slide = window.Kind == WindowKind.Sliding ? window.SlideMs : window.SizeMs;
        return ("_join", $"global::CompiledFlow.WindowCoGroupOperator<{types}>",
            $"sizeMs: {Number(window.SizeMs)}, slideMs: {Number(slide)}, allowedLatenessMs: {Number(window.AllowedLatenessMs)}",
            $"the co-group {join.MethodName} of both inputs over {Describe(window)} per key");
    }

    private static void WriteJoinFunction(IndentedWriter writer, StagePlan stage)
    {
        OperatorModel join = stage.KeyedOperator!;
        writer.Line($"/// <summary>Calls {join.MethodName} from the join operator, which is specialized over this struct.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        if (join.Kind == OperatorKind.IntervalJoin)
        {
            using (writer.Block($"private readonly struct {stage.ClassName}Function : global::CompiledFlow.IIntervalJoinFunction<{join.LeftType}, {join.RightType}, {join.OutputType}>"))
            {
                writer.Line($"public static {join.OutputType} Join(in {join.LeftType} left, in {join.RightType} right) => {join.MethodName}(left, right);");
            }

            return;
        }

        using (writer.Block($"private readonly struct {stage.ClassName}Function : global::CompiledFlow.ICoGroupFunction<{stage.KeyType}, {join.LeftType}, {join.RightType}, {join.OutputType}>"))
        {
            writer.Line($"public static void CoGroup(in global::CompiledFlow.JoinWindow<{stage.KeyType}, {join.LeftType}, {join.RightType}> window, ref global::CompiledFlow.Emitter<{join.OutputType}> output) =>");
            writer.Line($"    {join.MethodName}(window, ref output);");
        }
    }

    private static void WriteAggregator(IndentedWriter writer, StagePlan stage)
    {
        OperatorModel aggregate = stage.KeyedOperator!;
        WindowModel window = aggregate.Window!;
        writer.Line($"/// <summary>Calls {aggregate.MethodName} from the window operator, which is specialized over this struct.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private readonly struct {stage.ClassName}Aggregator : global::CompiledFlow.IAggregator<{stage.InputType}, {aggregate.AccumulatorType}>"))
        {
            string argument = aggregate.PassesInputByIn ? "in value" : "value";
            writer.Line($"public static void Add(ref {aggregate.AccumulatorType} accumulator, in {stage.InputType} value) => {aggregate.MethodName}(ref accumulator, {argument});");
        }

        if (window.Kind == WindowKind.Session)
        {
            writer.Line();
            writer.Line($"/// <summary>Calls {window.MergeMethod} when sessions merge.</summary>");
            writer.Line(PipelineEmitter.GeneratedCodeAttribute);
            using (writer.Block($"private readonly struct {stage.ClassName}Merger : global::CompiledFlow.IAccumulatorMerger<{aggregate.AccumulatorType}>"))
            {
                writer.Line($"public static void Merge(ref {aggregate.AccumulatorType} into, in {aggregate.AccumulatorType} other) => {window.MergeMethod}(ref into, other);");
            }
        }
    }

    private static void WriteProcessFunction(IndentedWriter writer, StagePlan stage)
    {
        OperatorModel process = stage.KeyedOperator!;
        string context = $"global::CompiledFlow.KeyedContext<{stage.KeyType}, {process.StateType}, {process.OutputType}>";
        writer.Line($"/// <summary>Calls {process.MethodName}{(process.TimerMethod is null ? string.Empty : " and " + process.TimerMethod)} from the process operator, which is specialized over this struct.</summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        using (writer.Block($"private readonly struct {stage.ClassName}Function : global::CompiledFlow.IKeyedProcessFunction<{stage.KeyType}, {stage.InputType}, {process.StateType}, {process.OutputType}>"))
        {
            string argument = process.PassesInputByIn ? "in value" : "value";
            writer.Line($"public static void ProcessElement(in {stage.InputType} value, ref {context} context) => {process.MethodName}({argument}, ref context);");
            writer.Line();
            writer.Line(process.TimerMethod is null
                ? $"public static void OnTimer(ref {context} context) {{ }} // the pipeline sets no timer method"
                : $"public static void OnTimer(ref {context} context) => {process.TimerMethod}(ref context);");
        }
    }

    /// <summary>Writes what happens to a stage's last record: keyed for the next stage, or output as it is.</summary>
    private static void WriteExit(IndentedWriter writer, StagePlan stage, string record, string timestamp, string collector = "output")
    {
        if (stage.Exit is { } keyBy)
        {
            string argument = keyBy.PassesInputByIn ? "in " + record : record;
            writer.Line($"// [KeyBy] {keyBy.MethodName}");
            writer.Line($"{collector}.Collect(new {stage.OutputType}({keyBy.MethodName}({argument}), {timestamp}, {record}));");
        }
        else
        {
            writer.Line($"{collector}.Collect(in {record});");
        }
    }

    private static string Describe(StagePlan stage)
    {
        string ending = stage.Exit is { } keyBy
            ? keyBy.MethodName
            : "the join inputs " + string.Join(" and ", System.Linq.Enumerable.Select(stage.JoinInputs, input => input.Name));
        return stage.Chain.Steps.Count == 0 ? $"(keyed by {ending})" : $"{ChainEmitter.Describe(stage.Chain)} -> {ending}";
    }

    private static string Describe(WindowModel window) => window.Kind switch
    {
        WindowKind.Tumbling => $"tumbling windows of {Number(window.SizeMs)} ms",
        WindowKind.Sliding => $"sliding windows of {Number(window.SizeMs)} ms every {Number(window.SlideMs)} ms",
        _ => $"session windows with a gap of {Number(window.GapMs)} ms",
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
