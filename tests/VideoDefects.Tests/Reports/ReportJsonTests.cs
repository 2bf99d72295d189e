using System.Text.Json;
using VideoDefects.Analysis;
using VideoDefects.Reports;

namespace VideoDefects.Tests.Reports;

public class ReportJsonTests
{
    private static AnalysisReport Sample(AvSyncReport? avSync) => new()
    {
        Source = "https://***@example.com/a.m3u8",
        DurationSeconds = 12.5,
        Video = new VideoReport(1920, 1080, 25, 312, "yuv420p"),
        Audio = avSync is null ? null : new AudioReport(48000, 2),
        Events =
        [
            new DefectEvent
            {
                Kind = DefectKind.BlockCorruption, Start = 1, End = 2, Confidence = 0.9, FirstFrame = 25, LastFrame = 49,
                Detector = "corruption", Region = new PixelRegion(16, 32, 64, 48), Metrics = new Dictionary<string, double> { ["affectedArea"] = 0.1 },
            },
        ],
        AvSync = avSync,
    };

    [Fact]
    public void Report_uses_the_schema_names_and_keeps_required_nulls()
    {
        var json = ReportJson.Serialize(Sample(null));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("avSync").ValueKind); // required, null when no audio
        Assert.Equal("blockCorruption", root.GetProperty("events")[0].GetProperty("kind").GetString());
        Assert.Equal(1920, root.GetProperty("video").GetProperty("width").GetInt32());
        Assert.Equal(48, root.GetProperty("events")[0].GetProperty("region").GetProperty("height").GetInt32());
        Assert.False(root.GetProperty("events")[0].GetProperty("region").TryGetProperty("area", out _));
    }

    [Fact]
    public void No_estimate_is_written_as_an_explicit_null()
    {
        var json = ReportJson.Serialize(Sample(new AvSyncReport { AudioDelayMs = null, Confidence = 0.1, Method = "content", Windows = [new AvSyncWindow(0, 10, null, 0)] }));
        using var doc = JsonDocument.Parse(json);
        var av = doc.RootElement.GetProperty("avSync");
        Assert.Equal(JsonValueKind.Null, av.GetProperty("audioDelayMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, av.GetProperty("windows")[0].GetProperty("audioDelayMs").ValueKind);
    }

    [Fact]
    public void Report_round_trips()
    {
        var report = Sample(new AvSyncReport { AudioDelayMs = 40, Confidence = 0.8, Method = "testPattern" });
        var again = ReportJson.Deserialize(ReportJson.Serialize(report));
        Assert.Equal(ReportJson.Serialize(report), ReportJson.Serialize(again));
    }
}
