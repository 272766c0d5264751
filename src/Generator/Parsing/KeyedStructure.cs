using System.Collections.Generic;
using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// Checks how the keyed operators sit in the chain: every [KeyBy] is followed by a keyed operator
/// (a windowed [Aggregate] or a [Process]) and every keyed operator follows a [KeyBy]; one
/// [EventTime], before the first [KeyBy], gives the windows their time.
/// </summary>
internal static class KeyedStructure
{
    public static void Check(string pipelineName, List<OperatorModel> models, List<(IMethodSymbol Method, OperatorKind Kind)> operators, List<DiagnosticInfo> diagnostics)
    {
        string? firstKeyBy = null;
        string? eventTime = null;
        for (int i = 0; i < models.Count; i++)
        {
            OperatorModel op = models[i];
            Location location = operators[i].Method.Locations[0];
            switch (op.Kind)
            {
                case OperatorKind.EventTime when firstKeyBy is not null:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EventTimePlacement, location, op.MethodName, $"comes after the [KeyBy] '{firstKeyBy}'"));
                    break;
                case OperatorKind.EventTime when eventTime is not null:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EventTimePlacement, location, op.MethodName, $"is a second [EventTime] after '{eventTime}'"));
                    break;
                case OperatorKind.EventTime:
                    eventTime = op.MethodName;
                    break;
                case OperatorKind.KeyBy:
                    firstKeyBy ??= op.MethodName;
                    if (i + 1 == models.Count || models[i + 1].Kind is not (OperatorKind.Aggregate or OperatorKind.Process))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeyByWithoutKeyedOperator, location, op.MethodName));
                    }

                    break;
                case OperatorKind.Aggregate or OperatorKind.Process when i == 0 || models[i - 1].Kind != OperatorKind.KeyBy:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeyedOperatorWithoutKeyBy, location, op.MethodName, op.Kind.ToString()));
                    break;
                case OperatorKind.Aggregate when eventTime is null:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowWithoutEventTime, location, op.MethodName));
                    break;
                case OperatorKind.CoGroup or OperatorKind.IntervalJoin when firstKeyBy is not null:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JoinInputs, location, pipelineName, $"'{op.MethodName}' must be the pipeline's first keyed operator; it comes after the [KeyBy] '{firstKeyBy}'"));
                    break;
                case OperatorKind.CoGroup or OperatorKind.IntervalJoin when eventTime is null:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowWithoutEventTime, location, op.MethodName));
                    break;
                case OperatorKind.CoGroup or OperatorKind.IntervalJoin:
                    firstKeyBy = op.MethodName; // the join keys its inputs: what follows is keyed too
                    break;
            }
        }
    }
}
