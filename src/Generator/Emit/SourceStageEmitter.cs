using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Planning;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes the source stage of a keyed pipeline: the fused loop over each source batch, the
/// methods of its join inputs, and the chain class that holds the split's watermark.
/// </summary>
internal static class SourceStageEmitter
{
    public static void Write(IndentedWriter writer, PipelineModel pipeline, StagePlan stage, bool hasEventTime)
    {
        string watermarks = hasEventTime ? ", ref global::CompiledFlow.WatermarkTracker watermarks" : string.Empty;
        writer.Line("/// <summary>");
        writer.Line($"/// The source stage {KeyedPipelineEmitter.Describe(stage)}: runs over each batch the source reads and keys the records");
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
                    KeyedPipelineEmitter.WriteExit(w, stage, record, timestamp, collector: "collector");
                    return;
                }

                foreach (JoinInputPlan input in stage.JoinInputs)
                {
                    w.Line($"{input.MethodName}(in {record}, {timestamp}, ref collector);");
                }
            }, localCollector: true);
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
            long bound = 0, idle = 0, drift = 0;
            foreach (ChainStep step in stage.Chain.Steps)
            {
                if (step.Operator.Kind == OperatorKind.EventTime)
                {
                    bound = step.Operator.MaxOutOfOrdernessMs;
                    idle = step.Operator.IdleTimeoutMs;
                    drift = step.Operator.MaxWatermarkDriftMs;
                }
            }

            if (hasEventTime)
            {
                writer.Line($"private global::CompiledFlow.WatermarkTracker _watermarks = new global::CompiledFlow.WatermarkTracker(maxOutOfOrdernessMs: {KeyedPipelineEmitter.Number(bound)});");
                writer.Line();
            }

            writer.Line($"public string Name => \"{pipeline.FullName}\";");
            writer.Line();
            if (hasEventTime)
            {
                writer.Line("public long CurrentWatermark => _watermarks.Watermark;");
                writer.Line();
                writer.Line("public long MaxTimestamp");
                using (writer.Block(string.Empty))
                {
                    writer.Line("get => _watermarks.MaxTimestamp;");
                    writer.Line("set => _watermarks.MaxTimestamp = value;");
                }

                writer.Line();
                if (idle > 0)
                {
                    writer.Line($"public long IdleTimeoutMs => {KeyedPipelineEmitter.Number(idle)};");
                    writer.Line();
                }

                if (drift > 0)
                {
                    writer.Line($"public long MaxWatermarkDriftMs => {KeyedPipelineEmitter.Number(drift)};");
                    writer.Line();
                }
            }

            writer.Line($"public void Process(global::System.ReadOnlySpan<{pipeline.InputType}> batch, ref global::CompiledFlow.OutputBuffer<{stage.OutputType}> output) =>");
            writer.Line($"    ProcessSourceBatch(batch, ref output{(hasEventTime ? ", ref _watermarks" : string.Empty)});");
            writer.Line();
            writer.Line("/// <summary>Runs the source loop into any collector: the first keyed stage's, when it is fused with it.</summary>");
            writer.Line($"public void ProcessInto<TCollector>(global::System.ReadOnlySpan<{pipeline.InputType}> batch, ref TCollector output)");
            writer.Line($"    where TCollector : struct, global::CompiledFlow.ICollector<{stage.OutputType}> =>");
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
}
