using System.Text.Json.Serialization;
using VideoDefects.Hosting.Lambda.Runtime;

namespace VideoDefects.Hosting.Lambda;

/// <summary>What the function answers when the full report is not the answer: one line per analysed object.</summary>
/// <param name="Source">The source as requested (credentials redacted).</param>
/// <param name="Partial">Analysis stopped early (the deadline) — the report covers <paramref name="DurationSeconds"/>.</param>
/// <param name="DurationSeconds">Seconds of media analysed.</param>
/// <param name="Frames">Frames analysed.</param>
/// <param name="EventsByKind">How many events of each kind the report lists.</param>
/// <param name="Report">Where the full report was written (<c>s3://…</c>), if it was.</param>
/// <param name="Error">Why this object has no report.</param>
internal sealed record AnalysisSummary(
    string Source,
    bool Partial,
    double DurationSeconds,
    long Frames,
    IReadOnlyDictionary<string, int>? EventsByKind,
    string? Report,
    SummaryError? Error);

/// <summary>A per-object failure inside a batch (the other objects are still analysed).</summary>
internal sealed record SummaryError(string ErrorType, string ErrorMessage);

/// <summary>The answer to an S3 notification.</summary>
internal sealed record BatchSummary(IReadOnlyList<AnalysisSummary> Reports);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnalysisSummary))]
[JsonSerializable(typeof(BatchSummary))]
[JsonSerializable(typeof(RuntimeError))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
