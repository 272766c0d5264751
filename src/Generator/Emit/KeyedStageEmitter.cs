using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Planning;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes one keyed stage: the subtask class around its keyed operator (a window, a process
/// function or a join), the collector that runs the stage's stateless tail over what the operator
/// emits, and the struct through which the operator calls the user's methods.
/// </summary>
internal static class KeyedStageEmitter
{
    public static void Write(IndentedWriter writer, PipelineModel pipeline, StagePlan stage)
    {
        OperatorModel keyedOperator = stage.KeyedOperator!;
        bool isProcess = keyedOperator.Kind is OperatorKind.Process or OperatorKind.CoGroup or OperatorKind.IntervalJoin; // they emit keyed records
        bool isJoin = keyedOperator.IsJoin;
        string keyed = $"global::CompiledFlow.Keyed<{stage.KeyType}, {stage.InputType}>";
        string output = $"{stage.ClassName}Output";
        string element = isProcess ? $"global::CompiledFlow.Keyed<{stage.KeyType}, {keyedOperator.OutputType}>" : keyedOperator.OutputType;
        (string field, string type, string arguments, string summary) = isJoin ? JoinOperator(stage) : isProcess ? ProcessOperator(stage) : WindowOperator(stage);

        writer.Line("/// <summary>");
        string subtask = stage.IsLocal ? $"A subtask of local keyed stage {stage.Index} (one per producer, keyed within it)" : $"A subtask of keyed stage {stage.Index}";
        writer.Line($"/// {subtask}: {summary},");
        string each = isProcess ? "each record it emits" : "each window result";
        string then = stage.Chain.Steps.Count > 0 ? $"{ChainEmitter.Describe(stage.Chain)} over {each}"
            : stage.Exit is { } keyBy ? $"{each} keyed by {keyBy.MethodName} for the next stage"
            : $"{each} to the sinks";
        writer.Line($"/// then {then}.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        bool fusesWithSource = stage.Index == 1; // the first keyed stage is fed by the source loop
        string stageInterface = fusesWithSource
            ? $"global::CompiledFlow.IFusedKeyedStage<{pipeline.InputType}, {stage.KeyType}, {stage.InputType}, {stage.OutputType}>"
            : $"global::CompiledFlow.IKeyedStage<{stage.KeyType}, {stage.InputType}, {stage.OutputType}>";
        bool reportsLate = !(isProcess && !isJoin);
        using (writer.Block($"private sealed class {stage.ClassName} : {stageInterface}"))
        {
            writer.Line($"private readonly {type} {field} = new {type}({arguments});");
            writer.Line();
            using (writer.Block($"public void ProcessBatch(global::System.ReadOnlySpan<{keyed}> batch, ref global::CompiledFlow.OutputBuffer<{stage.OutputType}> output, ref global::CompiledFlow.OutputBuffer<{stage.InputType}> late)"))
            {
                writer.Line($"var results = new {output}(output);");
                using (writer.Block($"foreach (ref readonly {keyed} record in batch)"))
                {
                    WriteAdd(writer, field, "results", "late", reportsLate);
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

            if (fusesWithSource)
            {
                writer.Line();
                WriteFusedSource(writer, pipeline, stage, keyed, output, field, reportsLate);
            }

            writer.Line();
            writer.Line("// Checkpoints: the keyed operator holds all of this subtask's state.");
            writer.Line($"public void Snapshot(global::CompiledFlow.StateWriter state) => {field}.Snapshot(state);");
            writer.Line();
            writer.Line($"public void Restore(global::CompiledFlow.StateReader state, global::CompiledFlow.KeyOwnership owner) => {field}.Restore(state, owner);");
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

                ChainEmitter.WriteBody(writer, stage.Chain, (w, record) => KeyedPipelineEmitter.WriteExit(w, stage, record, "timestamp", collector: "Output"));
            }
        }

        writer.Line();
        if (isJoin)
        {
            KeyedFunctionEmitter.WriteJoinFunction(writer, stage, pipeline.ClassName);
        }
        else if (isProcess)
        {
            KeyedFunctionEmitter.WriteProcessFunction(writer, stage, pipeline.ClassName);
        }
        else
        {
            KeyedFunctionEmitter.WriteAggregator(writer, stage, pipeline.ClassName);
        }
    }

    /// <summary>Writes the call that adds one keyed record to the operator, and sends it to the late output if the operator refuses it.</summary>
    private static void WriteAdd(IndentedWriter writer, string field, string results, string late, bool reportsLate)
    {
        if (!reportsLate)
        {
            writer.Line($"{field}.Add(in record.Key, record.Timestamp, in record.Value, ref {results}); // a process function sees late records too");
            return;
        }

        using (writer.Block($"if (!{field}.Add(in record.Key, record.Timestamp, in record.Value, ref {results}))"))
        {
            writer.Line($"{late}.Collect(in record.Value);");
        }
    }

    /// <summary>
    /// Writes the first keyed stage's fusion with the source loop: the source chain's generic loop
    /// specialized over a collector that adds each keyed record to the operator, so that at
    /// parallelism 1 with one source split no batch of keyed records is written and read back.
    /// </summary>
    private static void WriteFusedSource(IndentedWriter writer, PipelineModel pipeline, StagePlan stage, string keyed, string output, string field, bool reportsLate)
    {
        string outputBuffer = $"global::CompiledFlow.OutputBuffer<{stage.OutputType}>";
        string lateBuffer = $"global::CompiledFlow.OutputBuffer<{stage.InputType}>";
        writer.Line("// At parallelism 1 with one source split, records go from the source operators straight into the keyed operator.");
        using (writer.Block($"public void ProcessSource(global::CompiledFlow.IOperatorChain<{pipeline.InputType}, {keyed}> chain, global::System.ReadOnlySpan<{pipeline.InputType}> batch, ref {outputBuffer} output, ref {lateBuffer} late)"))
        {
            writer.Line("var input = new SourceInput(this, output, late);");
            writer.Line("((SourceChain)chain).ProcessInto(batch, ref input);");
            writer.Line("output = input.Results.Output;");
            writer.Line("late = input.Late;");
        }

        writer.Line();
        writer.Line("/// <summary>Adds each keyed record of the source loop to the keyed operator.</summary>");
        using (writer.Block($"private struct SourceInput : global::CompiledFlow.ICollector<{keyed}>"))
        {
            writer.Line($"private readonly {stage.ClassName} _stage;");
            writer.Line($"public {output} Results;");
            writer.Line($"public {lateBuffer} Late;");
            writer.Line();
            using (writer.Block($"public SourceInput({stage.ClassName} stage, {outputBuffer} output, {lateBuffer} late)"))
            {
                writer.Line("_stage = stage;");
                writer.Line($"Results = new {output}(output);");
                writer.Line("Late = late;");
            }

            writer.Line();
            using (writer.Block($"public void Collect(in {keyed} record)"))
            {
                WriteAdd(writer, $"_stage.{field}", "Results", "Late", reportsLate);
            }
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
            WindowKind.Tumbling => $"sizeMs: {KeyedPipelineEmitter.Number(window.SizeMs)}, allowedLatenessMs: {KeyedPipelineEmitter.Number(window.AllowedLatenessMs)}",
            WindowKind.Sliding => $"sizeMs: {KeyedPipelineEmitter.Number(window.SizeMs)}, slideMs: {KeyedPipelineEmitter.Number(window.SlideMs)}, allowedLatenessMs: {KeyedPipelineEmitter.Number(window.AllowedLatenessMs)}",
            _ => $"gapMs: {KeyedPipelineEmitter.Number(window.GapMs)}, allowedLatenessMs: {KeyedPipelineEmitter.Number(window.AllowedLatenessMs)}",
        };
        return ("_window", type, arguments, $"{KeyedPipelineEmitter.Describe(window)} per key, aggregated by {aggregate.MethodName}");
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
            return ("_join", $"global::CompiledFlow.IntervalJoinOperator<{types}>", $"lowerMs: {KeyedPipelineEmitter.Number(join.LowerMs)}, upperMs: {KeyedPipelineEmitter.Number(join.UpperMs)}",
                $"the interval join {join.MethodName} of right records from {KeyedPipelineEmitter.Number(join.LowerMs)} ms to {KeyedPipelineEmitter.Number(join.UpperMs)} ms around each left record");
        }

        WindowModel window = join.Window!;
        long slide = window.Kind == WindowKind.Sliding ? window.SlideMs : window.SizeMs;
        return ("_join", $"global::CompiledFlow.WindowCoGroupOperator<{types}>",
            $"sizeMs: {KeyedPipelineEmitter.Number(window.SizeMs)}, slideMs: {KeyedPipelineEmitter.Number(slide)}, allowedLatenessMs: {KeyedPipelineEmitter.Number(window.AllowedLatenessMs)}",
            $"the co-group {join.MethodName} of both inputs over {KeyedPipelineEmitter.Describe(window)} per key");
    }
}
