using System.Collections.Generic;
using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Planning;

/// <summary>
/// Cuts a pipeline into stages at each [KeyBy] and fuses the stateless operators of each stage
/// into one chain. Stateless operators always chain (Flink's ChainingStrategy.ALWAYS); a [KeyBy]
/// breaks the chain because its records move to the subtask that owns their key.
/// </summary>
internal static class ChainPlanner
{
    public static PipelinePlan Plan(PipelineModel pipeline)
    {
        var stages = new List<StagePlan>();
        var chain = new List<OperatorModel>();
        string? keyType = null;
        string stageInput = pipeline.InputType;
        OperatorModel? keyedOperator = null;
        bool local = false;
        bool hasEventTime = false;
        EquatableArray<OperatorModel> operators = pipeline.Operators;
        for (int i = 0; i < operators.Count; i++)
        {
            OperatorModel op = operators[i];
            hasEventTime |= op.Kind == OperatorKind.EventTime;
            if (op.IsJoin)
            {
                // The join's two inputs key the records the source stage's chain produced; the join opens the next stage.
                string joined = $"global::CompiledFlow.Keyed<{op.KeyType}, {op.InputType}>";
                ChainPlan prefix = Fuse(chain, "r0");
                stages.Add(new StagePlan(0, null, stageInput, null, prefix, null, joined) { JoinInputs = PlanJoinInputs(pipeline, op.InputType) });
                keyType = op.KeyType;
                stageInput = op.InputType;
                keyedOperator = op;
                local = false;
                chain.Clear();
                continue;
            }

            if (op.Kind != OperatorKind.KeyBy)
            {
                chain.Add(op);
                continue;
            }

            // The [KeyBy] ends this stage; the [Aggregate] after it opens the next one.
            string output = $"global::CompiledFlow.Keyed<{op.KeyType}, {op.InputType}>";
            stages.Add(new StagePlan(stages.Count, keyType, stageInput, keyedOperator, Fuse(chain, keyedOperator is null ? "r0" : "w0"), op, output) { IsLocal = local });
            keyType = op.KeyType;
            stageInput = op.InputType;
            keyedOperator = operators[++i];
            local = op.IsLocal;
            chain.Clear();
        }

        stages.Add(new StagePlan(stages.Count, keyType, stageInput, keyedOperator, Fuse(chain, keyedOperator is null ? "r0" : "w0"), null, pipeline.OutputType) { IsLocal = local });
        return new PipelinePlan(stages.ToEquatableArray(), hasEventTime);
    }

    private static EquatableArray<JoinInputPlan> PlanJoinInputs(PipelineModel pipeline, string joinInputType)
    {
        var plans = new List<JoinInputPlan>();
        foreach (JoinInputModel joinInput in pipeline.JoinInputs)
        {
            var operators = new List<OperatorModel>(joinInput.Operators);
            OperatorModel keyBy = operators[operators.Count - 1];
            operators.RemoveAt(operators.Count - 1);
            string first = joinInput.IsLeft ? "a0" : "b0";
            plans.Add(new JoinInputPlan(joinInput.Name, Fuse(operators, first), keyBy, joinInput.IsLeft, operators.Count > 0 ? operators[0].InputType : keyBy.InputType, joinInputType));
        }

        return plans.ToEquatableArray();
    }

    /// <summary>Names the locals of a chain: each map or flat map writes a new one.</summary>
    private static ChainPlan Fuse(List<OperatorModel> operators, string input)
    {
        var steps = new List<ChainStep>(operators.Count);
        string prefix = input.Substring(0, 1);
        string current = input;
        int next = 1;
        foreach (OperatorModel op in operators)
        {
            switch (op.Kind)
            {
                case OperatorKind.Map:
                    string mapped = prefix + next++;
                    steps.Add(new ChainStep(op, current, mapped, null));
                    current = mapped;
                    break;
                case OperatorKind.FlatMap:
                    string emitted = prefix + next;
                    steps.Add(new ChainStep(op, current, emitted, "emitter" + next));
                    next++;
                    current = emitted;
                    break;
                default:
                    steps.Add(new ChainStep(op, current, current, null));
                    break;
            }
        }

        return new ChainPlan(input, steps.ToEquatableArray(), current);
    }
}
