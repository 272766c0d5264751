using System.Globalization;
using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Planning;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes a pipeline with keyed stages: <c>Run</c> (a job at parallelism 1), <c>CreateJob</c>
/// wiring the stages into a <c>JobPlan</c>, then the source stage (<see cref="SourceStageEmitter"/>)
/// and each keyed stage (<see cref="KeyedStageEmitter"/>). Also the small helpers they share.
/// </summary>
internal static class KeyedPipelineEmitter
{
    public static void Write(IndentedWriter writer, PipelineModel pipeline, PipelinePlan plan)
    {
        WriteRun(writer, pipeline);
        writer.Line();
        WriteCreateJob(writer, pipeline, plan);
        writer.Line();
        SourceStageEmitter.Write(writer, pipeline, plan.Stages[0], plan.HasEventTime);
        for (int i = 1; i < plan.Stages.Count; i++)
        {
            writer.Line();
            KeyedStageEmitter.Write(writer, pipeline, plan.Stages[i]);
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
        if (System.Linq.Enumerable.Any(plan.Stages, stage => stage.IsLocal))
        {
            writer.Line("/// A local stage (<c>[KeyBy(Local = true)]</c>) runs one subtask per producer instead, on the producer's records.");
        }

        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        writer.Line($"{pipeline.MemberAccessibility} static {job} CreateJob()");
        using (writer.Block(string.Empty))
        {
            StagePlan source = plan.Stages[0];
            writer.Line($"var stage0 = global::CompiledFlow.JobPlan.Source<{pipeline.InputType}, {source.OutputType}>(static () => new SourceChain());");
            for (int i = 1; i < plan.Stages.Count; i++)
            {
                string keyBy = plan.Stages[i].IsLocal ? "LocalKeyBy" : "KeyBy";
                writer.Line($"var stage{i} = global::CompiledFlow.JobPlan.{keyBy}(stage{i - 1}, static () => new {plan.Stages[i].ClassName}());");
            }

            writer.Line($"return new {job}(stage{plan.Stages.Count - 1});");
        }
    }

    /// <summary>Writes what happens to a stage's last record: keyed for the next stage, or output as it is.</summary>
    internal static void WriteExit(IndentedWriter writer, StagePlan stage, string record, string timestamp, string collector = "output")
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

    internal static string Describe(StagePlan stage)
    {
        string ending = stage.Exit is { } keyBy
            ? keyBy.MethodName
            : "the join inputs " + string.Join(" and ", System.Linq.Enumerable.Select(stage.JoinInputs, input => input.Name));
        return stage.Chain.Steps.Count == 0 ? $"(keyed by {ending})" : $"{ChainEmitter.Describe(stage.Chain)} -> {ending}";
    }

    internal static string Describe(WindowModel window) => window.Kind switch
    {
        WindowKind.Tumbling => $"tumbling windows of {Number(window.SizeMs)} ms",
        WindowKind.Sliding => $"sliding windows of {Number(window.SizeMs)} ms every {Number(window.SlideMs)} ms",
        _ => $"session windows with a gap of {Number(window.GapMs)} ms",
    };

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
