using VideoDefects.Analysis;
using VideoDefects.Reports;

namespace VideoDefects.Hosting.Orleans.Serialization;

/// <summary>Core types cross the cluster as their documented JSON (the report contract), so the core package needs
/// no Orleans attributes and a grain state stays readable in storage.</summary>
[GenerateSerializer]
[Alias("videodefects.event")]
internal struct DefectEventSurrogate
{
    [Id(0)]
    public string Json;
}

[GenerateSerializer]
[Alias("videodefects.report")]
internal struct AnalysisReportSurrogate
{
    [Id(0)]
    public string Json;
}

[RegisterConverter]
internal sealed class DefectEventConverter : IConverter<DefectEvent, DefectEventSurrogate>
{
    public DefectEvent ConvertFromSurrogate(in DefectEventSurrogate surrogate) => ReportJson.DeserializeEventLine(surrogate.Json);

    public DefectEventSurrogate ConvertToSurrogate(in DefectEvent value) => new() { Json = ReportJson.SerializeEventLine(value) };
}

[RegisterConverter]
internal sealed class AnalysisReportConverter : IConverter<AnalysisReport, AnalysisReportSurrogate>
{
    public AnalysisReport ConvertFromSurrogate(in AnalysisReportSurrogate surrogate) => ReportJson.Deserialize(surrogate.Json);

    public AnalysisReportSurrogate ConvertToSurrogate(in AnalysisReport value) => new() { Json = ReportJson.Serialize(value) };
}
