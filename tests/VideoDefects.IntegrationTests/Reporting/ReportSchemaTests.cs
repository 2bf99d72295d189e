using System.Text.Json.Nodes;
using VideoDefects.Analysis;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Reports;

namespace VideoDefects.IntegrationTests.Reporting;

/// <summary>The schema check itself: a report the library writes passes, and reports broken in the ways the contract
/// forbids fail — so the many tests that call <see cref="SchemaValidator"/> cannot pass by validating nothing.</summary>
public class ReportSchemaTests
{
    [Fact]
    public void A_report_the_library_writes_is_valid()
    {
        Assert.Empty(SchemaValidator.Validate(ValidReport().ToJsonString(), Paths.Schema));
    }

    [Theory]
    [InlineData("an unknown event kind")]
    [InlineData("a confidence above 1")]
    [InlineData("a required field missing")]
    [InlineData("a number given as a string")]
    public void A_deliberately_invalid_report_fails(string breakage)
    {
        var report = ValidReport();
        var first = report["events"]![0]!.AsObject();
        switch (breakage)
        {
            case "an unknown event kind":
                first["kind"] = "sparkles";
                break;
            case "a confidence above 1":
                first["confidence"] = 1.5;
                break;
            case "a required field missing":
                report.Remove("video");
                break;
            default:
                report["durationSeconds"] = "ten";
                break;
        }

        Assert.NotEmpty(SchemaValidator.Validate(report.ToJsonString(), Paths.Schema));
    }

    private static JsonObject ValidReport() => JsonNode.Parse(ReportJson.Serialize(new AnalysisReport
    {
        Source = "clip.mp4",
        DurationSeconds = 10,
        Video = new VideoReport(1280, 720, 25, 250, "yuv420p"),
        Events = [new DefectEvent { Kind = DefectKind.FrozenFrame, Start = 1, End = 2.5, Confidence = 0.9, Detector = "frozen" }],
        AvSync = new AvSyncReport { AudioDelayMs = null, Confidence = 0 },
    }))!.AsObject();
}
