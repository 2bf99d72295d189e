using System.Text.Json;
using System.Text.Json.Serialization;
using VideoDefects.Analysis;

namespace VideoDefects.Reports;

/// <summary>Reads and writes <see cref="AnalysisReport"/> as the schema's JSON (camelCase, enum names as in the
/// schema, no reflection: source-generated, so trimming and AOT keep working).</summary>
public static class ReportJson
{
    /// <summary>Serializes <paramref name="report"/> as indented JSON.</summary>
    public static string Serialize(AnalysisReport report) =>
        JsonSerializer.Serialize(report, ReportJsonContext.Default.AnalysisReport);

    /// <summary>Writes <paramref name="report"/> to <paramref name="stream"/> as UTF-8 JSON.</summary>
    public static Task SerializeAsync(Stream stream, AnalysisReport report, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, report, ReportJsonContext.Default.AnalysisReport, cancellationToken);

    /// <summary>Parses a report written by <see cref="Serialize"/>.</summary>
    public static AnalysisReport Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.AnalysisReport)
        ?? throw new JsonException("The report is null.");

    /// <summary>Serializes one event on one line (JSON-lines output).</summary>
    public static string SerializeEventLine(DefectEvent defect) =>
        JsonSerializer.Serialize(defect, ReportJsonLineContext.Default.DefectEvent);

    /// <summary>Reads one event written by <see cref="SerializeEventLine"/>.</summary>
    /// <exception cref="JsonException">Not an event.</exception>
    public static DefectEvent DeserializeEventLine(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonLineContext.Default.DefectEvent) ?? throw new JsonException("The JSON is null, not an event.");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnalysisReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DefectEvent))]
internal sealed partial class ReportJsonLineContext : JsonSerializerContext;
