using System;
using System.Collections.Generic;
using CompiledFlow.Generator.Model;
using CompiledFlow.Generator.Planning;

namespace CompiledFlow.Generator.Emit;

/// <summary>
/// Writes fused chains: one pass that calls each operator method directly, a filter as an early
/// <c>continue</c>, a flat map as a nested loop over its emitter's records, event time as a local
/// the watermark tracker observes. Nothing in it allocates, boxes or dispatches through an
/// interface or delegate. The caller says what happens to the chain's last record (the terminal).
/// </summary>
internal static class ChainEmitter
{
    /// <summary>Writes the public <c>ProcessBatch</c> of a stateless pipeline.</summary>
    public static void WriteProcessBatch(IndentedWriter writer, PipelineModel pipeline, ChainPlan chain)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// The fused chain {Describe(chain)}: runs every operator over");
        writer.Line("/// <paramref name=\"batch\"/> in one loop and hands each output record to <paramref name=\"output\"/>.");
        writer.Line("/// Generic over a struct collector so that the JIT specializes it: no allocation, boxing or");
        writer.Line("/// interface dispatch per record.");
        writer.Line("/// </summary>");
        writer.Line(PipelineEmitter.GeneratedCodeAttribute);
        writer.Line($"{pipeline.MemberAccessibility} static void ProcessBatch<TCollector>(global::System.ReadOnlySpan<{pipeline.InputType}> batch, ref TCollector output)");
        writer.Line($"    where TCollector : struct, global::CompiledFlow.ICollector<{pipeline.OutputType}>");
        using (writer.Block(string.Empty))
        {
            WriteLoop(writer, $"foreach (ref readonly {pipeline.InputType} {chain.InputVariable} in batch)", chain, Collect, localCollector: true);
        }
    }

    /// <summary>The usual terminal: hand the record to the collector named <c>collector</c>.</summary>
    public static void Collect(IndentedWriter writer, string record) => writer.Line($"collector.Collect(in {record});");

    /// <summary>
    /// Writes a loop over the chain's input, its flat maps' emitters rented once around it. With
    /// <paramref name="localCollector"/>, the loop writes into a local copy of <c>output</c>, stored
    /// back after the loop: the JIT keeps a local struct in registers, but would load and store one
    /// behind a <c>ref</c> on every record.
    /// </summary>
    public static void WriteLoop(IndentedWriter writer, string loopHeader, ChainPlan chain, Action<IndentedWriter, string> terminal, bool localCollector = false)
    {
        if (localCollector)
        {
            writer.Line("TCollector collector = output; // a local, so the JIT keeps it in registers");
        }

        WithEmitters(writer, chain, () => WriteSteps(writer, chain, 0, loopHeader, terminal));
        if (localCollector)
        {
            writer.Line("output = collector;");
        }
    }

    /// <summary>Writes the chain over one record already in <see cref="ChainPlan.InputVariable"/> (no loop around it).</summary>
    public static void WriteBody(IndentedWriter writer, ChainPlan chain, Action<IndentedWriter, string> terminal) =>
        WithEmitters(writer, chain, () => WriteSteps(writer, chain, 0, null, terminal));

    private static void WithEmitters(IndentedWriter writer, ChainPlan chain, Action body)
    {
        var emitters = new List<ChainStep>();
        foreach (ChainStep step in chain.Steps)
        {
            if (step.Emitter is not null)
            {
                emitters.Add(step);
            }
        }

        if (emitters.Count == 0)
        {
            body();
            return;
        }

        foreach (ChainStep step in emitters)
        {
            writer.Line($"var {step.Emitter} = new global::CompiledFlow.Emitter<{step.Operator.OutputType}>();");
        }

        using (writer.Block("try"))
        {
            body();
        }

        using (writer.Block("finally"))
        {
            foreach (ChainStep step in emitters)
            {
                writer.Line($"{step.Emitter}.Dispose();");
            }
        }
    }

    /// <summary>
    /// Writes the steps from <paramref name="first"/> on, inside a loop when <paramref name="loopHeader"/>
    /// is given; a flat map recurses into a nested loop over what it emitted.
    /// </summary>
    private static void WriteSteps(IndentedWriter writer, ChainPlan chain, int first, string? loopHeader, Action<IndentedWriter, string> terminal)
    {
        // Outside a loop (a keyed stage's tail runs once per window result) a filter returns instead.
        string skip = loopHeader is null ? "return;" : "continue;";
        IndentedWriter.Scope? loop = loopHeader is null ? null : writer.Block(loopHeader);
        for (int i = first; i < chain.Steps.Count; i++)
        {
            ChainStep step = chain.Steps[i];
            OperatorModel op = step.Operator;
            string argument = op.PassesInputByIn ? "in " + step.Input : step.Input;
            writer.Line($"// [{op.Kind}] {op.MethodName}");
            switch (op.Kind)
            {
                case OperatorKind.Filter:
                    using (writer.Block($"if (!{op.MethodName}({argument}))"))
                    {
                        writer.Line(skip);
                    }

                    writer.Line();
                    break;
                case OperatorKind.Map:
                    writer.Line($"{op.OutputType} {step.Output} = {op.MethodName}({argument});");
                    writer.Line();
                    break;
                case OperatorKind.EventTime:
                    writer.Line($"long timestamp = {op.MethodName}({argument});");
                    writer.Line("watermarks.Observe(timestamp);");
                    writer.Line();
                    break;
                default:
                    writer.Line($"{op.MethodName}({argument}, ref {step.Emitter});");
                    WriteSteps(writer, chain, i + 1, $"foreach (ref readonly {op.OutputType} {step.Output} in {step.Emitter}.Emitted)", terminal);
                    writer.Line();
                    writer.Line($"{step.Emitter}.Clear();");
                    loop?.Dispose();
                    return;
            }
        }

        terminal(writer, chain.OutputVariable);
        loop?.Dispose();
    }

    public static string Describe(ChainPlan chain)
    {
        var names = new List<string>();
        foreach (ChainStep step in chain.Steps)
        {
            names.Add(step.Operator.MethodName);
        }

        return string.Join(" -> ", names);
    }
}
