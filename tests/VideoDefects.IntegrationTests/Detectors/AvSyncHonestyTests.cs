using VideoDefects.Detectors;
using VideoDefects.FFmpeg;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;

namespace VideoDefects.IntegrationTests.Detectors;

[Collection(MediaTests.Name)]
public class AvSyncHonestyTests(MediaFixture media)
{
    /// <summary>Regression: a steady tone under a moving pattern has no sound events to time, yet one coincidence
    /// (the tone's start against a picture change) gave a confident −590 ms and an avSyncOffset alarm.</summary>
    [Fact]
    public async Task A_steady_tone_under_moving_pictures_gets_no_estimate_and_no_alarm()
    {
        var clip = Path.Combine(media.Folder, "tone.mp4");
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=20", "-f", "lavfi", "-i", "sine=f=440:d=20",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);

        await using var source = new FFmpegSource(clip);
        var report = await new AnalysisPipeline(DetectorCatalog.Create(["avsync"])).RunAsync(source);

        Assert.NotNull(report.AvSync);
        Assert.Null(report.AvSync.AudioDelayMs);
        Assert.Empty(report.Events);
    }
}
