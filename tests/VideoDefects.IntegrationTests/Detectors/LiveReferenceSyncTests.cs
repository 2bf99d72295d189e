using VideoDefects.Analysis;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.FFmpeg;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;

namespace VideoDefects.IntegrationTests.Detectors;

/// <summary>A copy compared as it runs with a reference recorded alongside it (a perpetual monitor's source feed):
/// real clips, a real sound delay that appears mid-stream, real FFmpeg decoding.</summary>
[Collection(MediaTests.Name)]
public class LiveReferenceSyncTests(MediaFixture media)
{
    [Fact]
    public async Task A_sound_delay_that_appears_mid_stream_opens_an_offset_event_live_and_the_comparisons_before_it_are_in_sync()
    {
        var source = Path.Combine(media.Folder, "live-reference-source.mp4");
        var copy = Path.Combine(media.Folder, "live-reference-copy.mp4");
        await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "tears_of_steel_battle_800x332.webm"), "-t", "40", "-vf", "scale=320:-2",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", source);
        // In sync for 20 s, then the sound 200 ms late (a chain that started buffering its audio).
        await Tool.FFmpegAsync("-i", source, "-filter_complex",
            "[0:a]asplit[x][y];[x]atrim=0:20[a0];[y]atrim=20:40,asetpts=PTS-STARTPTS,adelay=200:all=1,atrim=0:20[a1];[a0][a1]concat=n=2:v=0:a=1[a]",
            "-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac", copy);

        var live = new LiveSyncReference(TimeSpan.FromMinutes(10));
        await new AnalysisPipeline([live.Recorder]).RunAsync(new FFmpegSource(source));
        var started = new List<DefectEvent>();
        var detector = new AvSyncDetector(new AvSyncDetectorOptions
        {
            LiveReference = live,
            Window = TimeSpan.FromSeconds(4),
            ReferenceMaxOffset = TimeSpan.FromSeconds(2),
        });
        var report = await new AnalysisPipeline([detector], new PipelineOptions { LiveEvents = new Announcements(started.Add) }).RunAsync(new FFmpegSource(copy));

        // Compared every 4 s over the last 12 s: the stretches that end before 20 s are in sync, those that start after it 200 ms late.
        var windows = report.AvSync!.Windows!;
        Assert.All(windows.Where(w => w.End <= 20), w => Assert.InRange(w.AudioDelayMs!.Value, -20, 20));
        var late = windows.Where(w => w.Start >= 20).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, w => Assert.InRange(w.AudioDelayMs!.Value, 200 - 20, 200 + 20));
        Assert.Equal("reference", report.AvSync.Method);
        Assert.InRange(report.AvSync.AudioDelayMs!.Value, 200 - 20, 200 + 20);

        // One offset event: announced as soon as a comparison saw it, closed at the end of the input (the last comparison
        // is the one the reference could still answer: it ends 2 s, the largest offset, before the reference does).
        var offset = Assert.Single(report.Events, e => e.Kind == DefectKind.AvSyncOffset);
        Assert.InRange(offset.Metrics!["audioDelayMs"], 200 - 20, 200 + 20);
        Assert.InRange(offset.Start, 8, 20);
        Assert.InRange(offset.End, 30, 40);
        var announced = Assert.Single(started, e => e.Kind == DefectKind.AvSyncOffset);
        Assert.Equal(offset.Id, announced.Id);
    }

    private sealed class Announcements(Action<DefectEvent> started) : IDefectEventWriter
    {
        public void Write(DefectEvent defect)
        {
        }

        public void Started(DefectEvent provisional) => started(provisional);
    }
}
