using System.Collections.Generic;
using CompiledFlow.Generator.Diagnostics;
using CompiledFlow.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledFlow.Generator.Parsing;

/// <summary>Checks the signatures of [EventTime] and [KeyBy] operators and reads their settings.</summary>
internal static class TimeAndKeyParser
{
    public static OperatorModel? ParseEventTime(OperatorModel model, IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        if (method.ReturnType.SpecialType != SpecialType.System_Int64)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EventTimeMustReturnLong, location, method.Name, TypeNames.Display(method.ReturnType)));
            return null;
        }

        long bound = 0, idle = 0, drift = 0;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "CompiledFlow.EventTimeAttribute")
            {
                bound = OperatorAttributes.NamedArgument(attribute, "MaxOutOfOrdernessMs") is long b ? b : 0;
                idle = OperatorAttributes.NamedArgument(attribute, "IdleTimeoutMs") is long i ? i : 0;
                drift = OperatorAttributes.NamedArgument(attribute, "MaxWatermarkDriftMs") is long d ? d : 0;
            }
        }

        string? invalid = bound < 0 ? $"MaxOutOfOrdernessMs must not be negative (is {bound})"
            : idle < 0 ? $"IdleTimeoutMs must not be negative (is {idle})"
            : drift < 0 ? $"MaxWatermarkDriftMs must not be negative (is {drift})"
            : null;
        if (invalid is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidWindowParameter, location, "EventTime", method.Name, invalid));
            return null;
        }

        return model with { MaxOutOfOrdernessMs = bound, IdleTimeoutMs = idle, MaxWatermarkDriftMs = drift };
    }

    public static OperatorModel? ParseKeyBy(OperatorModel model, IMethodSymbol method, Location location, List<DiagnosticInfo> diagnostics)
    {
        if (method.ReturnsVoid)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeyByMustReturnKey, location, method.Name));
            return null;
        }

        if (method.ReturnType.IsRefLikeType || method.ReturnType.TypeKind == TypeKind.Pointer)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedOperatorShape, location, method.Name, $"its key '{TypeNames.Display(method.ReturnType)}' is a ref struct or pointer; keys must be able to live in arrays"));
            return null;
        }

        return model with { KeyType = TypeNames.Qualified(method.ReturnType), IsLocal = IsLocal(method) };
    }

    /// <summary>True for a [KeyBy(Local = true)].</summary>
    public static bool IsLocal(IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "CompiledFlow.KeyByAttribute")
            {
                return OperatorAttributes.NamedArgument(attribute, "Local") is true;
            }
        }

        return false;
    }
}
