using System.Diagnostics;
using System.Globalization;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.Hosting.Orleans;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;
using Xunit.Abstractions;

namespace VideoDefects.IntegrationTests.Orleans;

/// <summary>A long file split over the cluster and stitched must give exactly what one process gives.</summary>
[Collection(OrleansTests.Name)]
public sealed class FanOutTests(OrleansFixture fixture, ITestOutputHelper output)
{
    /// <summary>Freezes placed across the 10 s segment borders (8.6–11.4, 29.8–30.5) and inside segments, and two
    /// damaged packets, in 60 s of 640×360 H.264.</summary>
    private static async Task<string> SixtySecondClipAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "videodefects-fanout");
        Directory.CreateDirectory(folder);
        var clip = Path.Combine(folder, "sixty.mp4");
        if (File.Exists(clip))
        {
            return clip;
        }

        var clean = Path.Combine(folder, "clean.mp4");
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=60",
            "-filter_complex", Freezes.Filter([(8.6, 11.4), (22.0, 23.0), (29.8, 30.5), (44.0, 47.2)], 25),
            "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-bf", "0", "-pix_fmt", "yuv420p", clean);
        await Tool.FFmpegAsync("-i", clean, "-c", "copy", "-bsf:v", "noise=amount='(eq(n\\,340)+eq(n\\,1210))*150'", clip + ".tmp.mp4");
        File.Move(clip + ".tmp.mp4", clip);
        return clip;
    }

    private static string Line(DefectEvent e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Kind} frames {e.FirstFrame}-{e.LastFrame} {e.Start:0.000}-{e.End:0.000} {e.Region}");

    [Fact]
    public async Task A_detector_registered_on_the_silos_is_chosen_and_set_by_name_in_a_request()
    {
        var clip = Path.Combine(Path.GetTempPath(), $"vd-dark-{Guid.NewGuid():N}.mp4");
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip);
        try
        {
            var grain = fixture.Cluster.Client.GetGrain<IVideoAnalysisGrain>($"dark-{Guid.NewGuid():N}");
            Assert.Empty((await grain.AnalyzeAsync(new FanOutRequest { Source = clip, Detectors = ["dark"] })).Events); // testsrc2 is bright

            var report = await grain.AnalyzeAsync(new FanOutRequest { Source = clip, Detectors = ["dark"], DetectorOptions = """{"dark": {"maxMeanLuma": 255}}""" });
            var dark = Assert.Single(report.Events);
            Assert.Equal(("dark", 0L), (dark.Detector, dark.FirstFrame));

            var error = await Assert.ThrowsAsync<InvalidDetectorOptionsException>(() => grain.AnalyzeAsync(new FanOutRequest { Source = clip, Detectors = ["dark"], DetectorOptions = """{"dark": {"maxMeanLumen": 1}}""" }));
            Assert.Contains("detector 'dark'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(clip);
        }
    }

    [Fact]
    public async Task FanOut_of_a_60_s_file_gives_the_single_process_freezes_exactly_and_covers_every_damaged_packet()
    {
        var clip = await SixtySecondClipAsync();
        var detectors = new[] { "frozen", "corruption" };

        var single = Stopwatch.StartNew();
        await using (var source = new FFmpegSource(clip, new FFmpegSourceOptions { DecodeAudio = false }))
        {
            var expected = await new AnalysisPipeline(DetectorRegistry.Default.Create(detectors)).RunAsync(source);
            single.Stop();
            var fanned = Stopwatch.StartNew();
            var report = await fixture.Cluster.Client.GetGrain<IVideoAnalysisGrain>("fan-out-60s")
                .AnalyzeAsync(new FanOutRequest { Source = clip, Detectors = detectors, SegmentLength = TimeSpan.FromSeconds(10) });
            fanned.Stop();

            output.WriteLine($"single process {single.Elapsed.TotalSeconds:F2} s, fan-out over 3 silos {fanned.Elapsed.TotalSeconds:F2} s");
            output.WriteLine("expected:\n" + string.Join('\n', expected.Events.Select(Line)));
            output.WriteLine("fan-out:\n" + string.Join('\n', report.Events.Select(Line)));
            Assert.True(expected.Events.Count(e => e.Kind == DefectKind.FrozenFrame) >= 4, "the clip's four freezes are found in one pass");
            Assert.Contains(expected.Events, e => e.Kind == DefectKind.BlockCorruption);
            // Freezes are pixel-deterministic: stitched and single-pass events are identical. Corruption episodes take
            // their start and region partly from FFmpeg's decoder messages, whose attribution to frames varies from
            // one run to the next (even between two single passes), so both must find each damaged packet: an episode
            // starting at it or within the few frames a decoder runs ahead (the detector's decoder-message window).
            Assert.Equal(expected.Events.Where(e => e.Kind == DefectKind.FrozenFrame).Select(Line), report.Events.Where(e => e.Kind == DefectKind.FrozenFrame).Select(Line));
            foreach (var damaged in new[] { 340L, 1210L })
            {
                Assert.Contains(expected.Events, e => e.Kind == DefectKind.BlockCorruption && e.FirstFrame <= damaged + 8 && e.LastFrame >= damaged);
                Assert.Contains(report.Events, e => e.Kind == DefectKind.BlockCorruption && e.FirstFrame <= damaged + 8 && e.LastFrame >= damaged);
            }

            Assert.Equal(report.Events.Count, report.Events.Select(e => e.Id).Distinct().Count());
            Assert.Equal(expected.Video.Frames, report.Video.Frames);
            Assert.Equal(expected.DurationSeconds, report.DurationSeconds, 3);
        }
    }

    [Fact]
    public async Task A_fan_out_with_a_reference_measures_the_copy_s_sync_against_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "videodefects-fanout-reference-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var master = Path.Combine(folder, "master.mp4");
            var copy = Path.Combine(folder, "copy.mp4");
            await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "toy_rabbit_handheld_320x240.mp4"), "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", master);
            await Tool.FFmpegAsync("-i", master, "-c:v", "copy", "-af", "adelay=160|160", "-c:a", "aac", copy);

            var report = await fixture.Cluster.Client.GetGrain<IVideoAnalysisGrain>("fan-out-reference")
                .AnalyzeAsync(new FanOutRequest { Source = copy, Detectors = ["avsync"], Reference = master });

            Assert.Equal("reference", report.AvSync!.Method);
            Assert.InRange(report.AvSync.AudioDelayMs!.Value, 160 - 33, 160 + 33); // one frame at 30 fps
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
