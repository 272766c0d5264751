using System.Collections.Generic;
using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Planning;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes the fused loop: one pass over the batch that calls each operator method directly, a
/// filter as an early <c>continue</c>, a flat map as a nested loop over its emitter's records.
/// Nothing in it allocates, boxes or dispatches through an interface or delegate.
/// </summary>
internal static class ChainEmitter
{
    public static void WriteProcessBatch(IndentedWriter writer, PipelineModel pipeline, ChainPlan plan)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// The fused chain {Describe(pipeline.Operators)}: runs every operator over");
        writer.Line("/// <paramref name=\"batch\"/> in one loop and hands each output record to <paramref name=\"output\"/>.");
        writer.Line("/// Generic over a struct collector so that the JIT specializes it: no allocation, boxing or");
        writer.Line("/// interface dispatch per record.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        writer.Line($"{pipeline.MemberAccessibility} static void ProcessBatch<TCollector>(global::System.ReadOnlySpan<{pipeline.InputType}> batch, ref TCollector output)");
        writer.Line($"    where TCollector : struct, global::CompiledFlow.ICollector<{pipeline.OutputType}>");

        var emitters = new List<ChainStep>();
        foreach (ChainStep step in plan.Steps)
        {
            if (step.Emitter is not null)
            {
                emitters.Add(step);
            }
        }

        using (writer.Block(string.Empty))
        {
            if (emitters.Count == 0)
            {
                WriteLoop(writer, pipeline, plan);
                return;
            }

            foreach (ChainStep step in emitters)
            {
                writer.Line($"var {step.Emitter} = new global::CompiledFlow.Emitter<{step.Operator.OutputType}>();");
            }

            using (writer.Block("try"))
            {
                WriteLoop(writer, pipeline, plan);
            }

            using (writer.Block("finally"))
            {
                foreach (ChainStep step in emitters)
                {
                    writer.Line($"{step.Emitter}.Dispose();");
                }
            }
        }
    }

    private static void WriteLoop(IndentedWriter writer, PipelineModel pipeline, ChainPlan plan)
    {
        WriteSteps(writer, plan, 0, $"foreach (ref readonly {pipeline.InputType} {plan.InputVariable} in batch)");
    }

    /// <summary>Writes a loop holding the steps from <paramref name="first"/> on; a flat map recurses into a nested loop.</summary>
    private static void WriteSteps(IndentedWriter writer, ChainPlan plan, int first, string loopHeader)
    {
        using (writer.Block(loopHeader))
        {
            for (int i = first; i < plan.Steps.Count; i++)
            {
                ChainStep step = plan.Steps[i];
                OperatorModel op = step.Operator;
                string argument = op.PassesInputByIn ? "in " + step.Input : step.Input;
                writer.Line($"// [{op.Kind}] {op.MethodName}");
                switch (op.Kind)
                {
                    case OperatorKind.Filter:
                        using (writer.Block($"if (!{op.MethodName}({argument}))"))
                        {
                            writer.Line("continue;");
                        }

                        writer.Line();
                        break;
                    case OperatorKind.Map:
                        writer.Line($"{op.OutputType} {step.Output} = {op.MethodName}({argument});");
                        writer.Line();
                        break;
                    default:
                        writer.Line($"{op.MethodName}({argument}, ref {step.Emitter});");
                        WriteSteps(writer, plan, i + 1, $"foreach (ref readonly {op.OutputType} {step.Output} in {step.Emitter}.Emitted)");
                        writer.Line();
                        writer.Line($"{step.Emitter}.Clear();");
                        return;
                }
            }

            writer.Line($"output.Collect(in {plan.OutputVariable});");
        }
    }

    private static string Describe(EquatableArray<OperatorModel> operators)
    {
        var names = new List<string>();
        foreach (OperatorModel op in operators)
        {
            names.Add(op.MethodName);
        }

        return string.Join(" -> ", names);
    }
}
