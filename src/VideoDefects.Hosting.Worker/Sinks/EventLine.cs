using System.Text.Json;
using System.Text.Json.Nodes;
using VideoDefects.Reports;

namespace VideoDefects.Hosting.Worker;

/// <summary>One event as a JSON object: the report schema's event fields plus <c>stream</c> and <c>observedAt</c>.</summary>
internal static class EventLine
{
    public static string Serialize(StreamDefectEvent defect)
    {
        var node = JsonNode.Parse(ReportJson.SerializeEventLine(defect.Event))!.AsObject();
        node["stream"] = defect.Stream;
        node["observedAt"] = defect.ObservedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
