using System.Text.Json;
using System.Text.Json.Serialization;
using VideoDefects.Analysis;

namespace VideoDefects.Reports;

/// <summary>Reads and writes <see cref="AnalysisReport"/> as the schema's JSON (camelCase, enum names as in the
/// schema, no reflection: source-generated, so trimming and AOT keep working).</summary>
/// <remarks>Writing uses the generator's fast path alone (<see cref="JsonSourceGenerationMode.Serialization"/>): the
/// metadata a reader needs cost ≈30 ms to set up on first use, paid by every CLI run, for a report written once.
/// Reading has its own context.</remarks>
public static class ReportJson
{
    /// <summary>Serializes <paramref name="report"/> as indented JSON.</summary>
    public static string Serialize(AnalysisReport report) =>
        JsonSerializer.Serialize(report, ReportJsonContext.Default.AnalysisReport);

    /// <summary>Writes <paramref name="report"/> to <paramref name="stream"/> as UTF-8 JSON.</summary>
    /// <remarks>Serialized in memory first (a report is small): the streaming serializer would need the metadata the
    /// writing context leaves out.</remarks>
    public static async Task SerializeAsync(Stream stream, AnalysisReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(report, ReportJsonContext.Default.AnalysisReport);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses a report written by <see cref="Serialize"/>.</summary>
    public static AnalysisReport Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonReadContext.Default.AnalysisReport)
        ?? throw new JsonException("The report is null.");

    /// <summary>Serializes one event on one line (JSON-lines output).</summary>
    public static string SerializeEventLine(DefectEvent defect) =>
        JsonSerializer.Serialize(defect, ReportJsonLineContext.Default.DefectEvent);

    /// <summary>Reads one event written by <see cref="SerializeEventLine"/>.</summary>
    /// <exception cref="JsonException">Not an event.</exception>
    public static DefectEvent DeserializeEventLine(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonReadContext.Default.DefectEvent) ?? throw new JsonException("The JSON is null, not an event.");
}

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnalysisReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DefectEvent))]
internal sealed partial class ReportJsonLineContext : JsonSerializerContext;

[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AnalysisReport))]
[JsonSerializable(typeof(DefectEvent))]
internal sealed partial class ReportJsonReadContext : JsonSerializerContext;
