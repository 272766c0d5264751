using System.Collections.Generic;
using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Planning;

/// <summary>
/// Fuses a pipeline's operators into one chain. In v0 every operator is stateless and chainable,
/// so the whole pipeline is one chain; operators that end a stage (KeyBy, windows) will cut it here.
/// </summary>
internal static class ChainPlanner
{
    public static ChainPlan Plan(EquatableArray<OperatorModel> operators)
    {
        var steps = new List<ChainStep>(operators.Count);
        string current = "r0";
        int next = 1;
        foreach (OperatorModel op in operators)
        {
            switch (op.Kind)
            {
                case OperatorKind.Filter:
                    steps.Add(new ChainStep(op, current, current, null));
                    break;
                case OperatorKind.Map:
                    string mapped = "r" + next++;
                    steps.Add(new ChainStep(op, current, mapped, null));
                    current = mapped;
                    break;
                default:
                    string emitted = "r" + next;
                    steps.Add(new ChainStep(op, current, emitted, "emitter" + next));
                    next++;
                    current = emitted;
                    break;
            }
        }

        return new ChainPlan("r0", steps.ToEquatableArray(), current);
    }
}
