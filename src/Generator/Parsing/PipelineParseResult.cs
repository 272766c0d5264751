using CompiledFlow.Generator.Model;

namespace CompiledFlow.Generator.Parsing;

/// <summary>
/// What parsing one [Pipeline] class yields: the model to emit (null when the pipeline has
/// errors) and the diagnostics, which travel on their own path. Must stay equatable.
/// </summary>
internal sealed record PipelineParseResult(PipelineModel? Pipeline, EquatableArray<DiagnosticInfo> Diagnostics);
