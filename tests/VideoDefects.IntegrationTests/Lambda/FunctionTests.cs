using System.Text.Json;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.Hosting.Lambda;
using VideoDefects.Hosting.Lambda.Requests;
using VideoDefects.Hosting.Lambda.Runtime;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;

namespace VideoDefects.IntegrationTests.Lambda;

/// <summary>The handler as a plain class (no Lambda), against the real S3 API: what a segment-per-invocation
/// deployment relies on.</summary>
[Collection(LambdaTests.Name)]
public sealed class FunctionTests(LambdaFixture fixture)
{
    private VideoAnalysisFunction Function(Func<VideoAnalysisFunctionOptions, VideoAnalysisFunctionOptions>? adjust = null)
    {
        var options = new VideoAnalysisFunctionOptions { Output = new S3Location(LambdaFixture.OutputBucket, $"fn-{Guid.NewGuid():N}/") };
        return new VideoAnalysisFunction(adjust?.Invoke(options) ?? options, fixture.Client);
    }

    [Fact]
    public async Task A_registered_detector_is_chosen_and_set_by_name_in_the_request_over_the_function_defaults()
    {
        var source = await fixture.UploadAsync(fixture.Media.Freeze, $"dark/{Guid.NewGuid():N}.mp4");
        var function = Function(o => o with { Registry = DarkFrame.Registry, DetectorOptions = """{"dark": {"maxMeanLuma": 0}}""" });
        static List<JsonElement> Events(string json) => [.. JsonDocument.Parse(json).RootElement.GetProperty("events").EnumerateArray()];

        // The function's options: no picture is that dark. The request's: every picture is.
        Assert.Empty(Events(await function.HandleAsync($$"""{"source": "{{source}}", "detectors": ["dark"]}""", DateTimeOffset.MaxValue)));
        var dark = Assert.Single(Events(await function.HandleAsync(
            $$$$"""{"source": "{{{{source}}}}", "detectors": ["dark"], "detectorOptions": {"dark": {"maxMeanLuma": 255}}}""", DateTimeOffset.MaxValue)));
        Assert.Equal("dark", dark.GetProperty("detector").GetString());

        var error = await Assert.ThrowsAsync<FunctionException>(() => function.HandleAsync(
            $$$$"""{"source": "{{{{source}}}}", "detectors": ["dark"], "detectorOptions": {"dark": {"maxMeanLuma": -1}}}""", DateTimeOffset.MaxValue));
        Assert.Equal(FunctionException.InvalidInput, error.ErrorType);
        Assert.Contains("detector 'dark'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segments_with_a_stream_key_report_a_freeze_across_the_border_once_as_one_pass_does()
    {
        // An HLS-like stream cut in two MPEG-TS segments at 2.6 s, inside the freeze of frames 50–79 (2.0–3.2 s).
        var folder = Path.Combine(fixture.Media.Folder, "segments");
        Directory.CreateDirectory(folder);
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=6",
            "-vf", "split[a][b];[a][b]freezeframes=first=50:last=79:replace=49,format=yuv420p",
            "-c:v", "libx264", "-preset", "ultrafast", "-force_key_frames", "2.6", "-an",
            "-f", "segment", "-segment_times", "2.6", "-segment_format", "mpegts", Path.Combine(folder, "seg%d.ts"));
        var first = await fixture.UploadAsync(Path.Combine(folder, "seg0.ts"), "live/cam1/seg0.ts");
        var second = await fixture.UploadAsync(Path.Combine(folder, "seg1.ts"), "live/cam1/seg1.ts");
        var function = Function();

        using var reportA = JsonDocument.Parse(await function.HandleAsync($$"""{"source": "{{first}}", "streamKey": "cam1", "detectors": ["frozen"]}""", DateTimeOffset.MaxValue));
        using var reportB = JsonDocument.Parse(await function.HandleAsync($$"""{"source": "{{second}}", "streamKey": "cam1", "endOfStream": true, "detectors": ["frozen"]}""", DateTimeOffset.MaxValue));

        Assert.Empty(reportA.RootElement.GetProperty("events").EnumerateArray());
        var freeze = Assert.Single(reportB.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(50, freeze.GetProperty("firstFrame").GetInt64());
        Assert.Equal(79, freeze.GetProperty("lastFrame").GetInt64());
        Assert.Equal(2.0, freeze.GetProperty("start").GetDouble(), 3);

        // The same stream in one pass (the segments concatenated, as a player would see them) gives the same event.
        var list = Path.Combine(folder, "all.txt");
        await File.WriteAllTextAsync(list, "file 'seg0.ts'\nfile 'seg1.ts'\n");
        var whole = Path.Combine(folder, "whole.ts");
        await Tool.FFmpegAsync("-f", "concat", "-safe", "0", "-i", list, "-c", "copy", whole);
        await using var source = new FFmpegSource(whole, new FFmpegSourceOptions { DecodeAudio = false });
        var onePass = await new AnalysisPipeline(DetectorRegistry.Default.Create(["frozen"])).RunAsync(source);
        var expected = Assert.Single(onePass.Events);
        Assert.Equal((expected.FirstFrame, expected.LastFrame), (freeze.GetProperty("firstFrame").GetInt64(), freeze.GetProperty("lastFrame").GetInt64()));
    }

    [Fact]
    public async Task A_copy_is_measured_against_its_reference_object_and_the_reference_obeys_the_allow_list()
    {
        // A QC job: the copy's sound 200 ms late, the source beside it in S3.
        var folder = Path.Combine(fixture.Media.Folder, "reference-job");
        Directory.CreateDirectory(folder);
        var master = Path.Combine(folder, "master.mp4");
        var copy = Path.Combine(folder, "copy.mp4");
        await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "toy_rabbit_handheld_320x240.mp4"), "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", master);
        await Tool.FFmpegAsync("-i", master, "-c:v", "copy", "-af", "adelay=200|200", "-c:a", "aac", copy);
        var reference = await fixture.UploadAsync(master, "qc/master.mp4");
        var source = await fixture.UploadAsync(copy, "qc/copy.mp4");

        using var report = JsonDocument.Parse(await Function().HandleAsync($$"""{"source": "{{source}}", "reference": "{{reference}}", "detectors": ["avsync"]}""", DateTimeOffset.MaxValue));

        var avSync = report.RootElement.GetProperty("avSync");
        Assert.Equal("reference", avSync.GetProperty("method").GetString());
        Assert.InRange(avSync.GetProperty("audioDelayMs").GetDouble(), 200 - 33, 200 + 33); // one frame at 30 fps
        var refused = await Assert.ThrowsAsync<FunctionException>(() => Function(o => o with { AllowedBuckets = new HashSet<string> { LambdaFixture.InputBucket } })
            .HandleAsync($$"""{"source": "{{source}}", "reference": "s3://not-allowed/master.mp4"}""", DateTimeOffset.MaxValue));
        Assert.Equal(FunctionException.InvalidInput, refused.ErrorType);
        Assert.Contains("not-allowed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_over_the_response_limit_is_written_to_s3_and_summarised()
    {
        var source = await fixture.UploadAsync(fixture.Media.Freeze, "big/freeze.mp4");
        var function = Function(o => o with { MaxResponseBytes = 300 });

        using var summary = JsonDocument.Parse(await function.HandleAsync($$"""{"source": "{{source}}"}""", DateTimeOffset.MaxValue));

        Assert.Equal(1, summary.RootElement.GetProperty("eventsByKind").GetProperty("frozenFrame").GetInt32());
        var location = summary.RootElement.GetProperty("report").GetString()!;
        Assert.True(S3Location.TryParse(location, out var written));
        var full = await fixture.ReadOutputAsync(written!.Key);
        Assert.NotNull(full);
        SchemaValidator.AssertValid(full);
    }

    [Fact]
    public async Task A_bucket_outside_the_allow_list_is_refused_before_anything_is_read()
    {
        var source = await fixture.UploadAsync(fixture.Media.Freeze, "allow/freeze.mp4");
        var function = Function(o => o with { AllowedBuckets = new HashSet<string> { "some-other-bucket" } });

        var error = await Assert.ThrowsAsync<FunctionException>(() => function.HandleAsync($$"""{"source": "{{source}}"}""", DateTimeOffset.MaxValue));

        Assert.Equal(FunctionException.InvalidInput, error.ErrorType);
        Assert.Contains(LambdaFixture.InputBucket, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bad_object_in_a_notification_does_not_cost_the_others_their_reports()
    {
        await fixture.UploadTextAsync("batch/not-video.mp4", "just text");
        await fixture.UploadAsync(fixture.Media.Freeze, "batch/freeze.mp4");
        var function = Function();
        var notification = $$$$"""
            {"Records": [
              {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "{{{{LambdaFixture.InputBucket}}}}"}, "object": {"key": "batch/not-video.mp4"}}},
              {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "{{{{LambdaFixture.InputBucket}}}}"}, "object": {"key": "batch/freeze.mp4"}}}]}
            """;

        using var summary = JsonDocument.Parse(await function.HandleAsync(notification, DateTimeOffset.MaxValue));

        var entries = summary.RootElement.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.StartsWith("VideoDefects.", entries[0].GetProperty("error").GetProperty("errorType").GetString(), StringComparison.Ordinal);
        Assert.Contains("s3://", entries[0].GetProperty("error").GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, entries[1].GetProperty("eventsByKind").GetProperty("frozenFrame").GetInt32());
    }
}
