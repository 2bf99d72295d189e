using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Pipeline;

/// <summary>Whatever sizes and timestamps a source delivers, the pipeline neither crashes nor reports time running
/// backwards.</summary>
public class PipelineFuzzTests
{
    [Property(MaxTest = 60, Arbitrary = [typeof(TestStreams)])]
    public bool Random_sizes_and_broken_timestamps_give_well_formed_events(PositiveInt width, PositiveInt height, bool gray, StreamStep[] steps) =>
        WellFormed(new VideoFormat((width.Get % 90) + 1, (height.Get % 70) + 1, gray ? PixelFormat.Gray8 : PixelFormat.Yuv420P, 25), steps);

    /// <summary>Two failures the property found (shrunk): sound after the last picture made a silence event end past
    /// the report's duration; a sample count stepping back made one start 8 s before zero.</summary>
    [Fact]
    public void Sound_past_the_last_picture_or_stepping_back_gives_events_inside_the_report()
    {
        var format = new VideoFormat(1, 1, PixelFormat.Gray8, 25);
        Assert.True(WellFormed(format, [Step(0, 1, 0, 0), Step(0, 317, 0.45, 28053)]));
        Assert.True(WellFormed(format, [Step(228, 218, 2.37, 83175), Step(0, 1, 0, 0), Step(0, 3, 3.64, 55191)]));

        static StreamStep Step(byte content, int frames, double start, int first) => new(ClockStep.Regular, 0, content, frames, start, first);
    }

    private static bool WellFormed(VideoFormat format, StreamStep[] steps)
    {
        var pipeline = new AnalysisPipeline(DetectorRegistry.Default.Create(null));
        pipeline.Start(new MediaInfo("fuzz", format, new AudioFormat(8000, 1)));
        using var pool = new VideoFramePool(format);
        using var blocks = new AudioBlockPool(new AudioFormat(8000, 1), 320);
        var time = 0.0;
        foreach (var step in steps)
        {
            // Non-monotonic, duplicated, gapped and non-finite timestamps, and content that freezes or jumps.
            time = step.Clock switch
            {
                ClockStep.Back => time - step.Amount,
                ClockStep.Repeat => time,
                ClockStep.Jump => time + (step.Amount * 5),
                ClockStep.NaN => double.NaN,
                ClockStep.Infinite => double.PositiveInfinity,
                _ => time + 0.04,
            };
            var frame = pool.Rent();
            if (step.Content != 0)
            {
                new Random(step.Content).NextBytes(frame.GetWritableBuffer());
            }

            frame.Timestamp = time;
            pipeline.ProcessVideo(frame);
            if (double.IsNaN(time) || double.IsInfinity(time))
            {
                time = 0;
            }

            var block = blocks.Rent();
            var samples = block.GetWritableBuffer();
            for (var s = 0; s < samples.Length; s++)
            {
                samples[s] = (float)Math.Sin((s + step.Content) * 0.37) * 0.5f;
            }

            block.FrameCount = step.AudioFrames;
            block.StartTime = step.AudioStart;
            block.FirstSample = step.FirstSample;
            pipeline.ProcessAudio(block);
            block.Dispose();
        }

        var report = pipeline.Complete();
        return report.Video.Frames == steps.Length
            && report.Events.All(e => double.IsFinite(e.Start) && double.IsFinite(e.End) && e.Start >= 0 && e.Start <= e.End && e.End <= report.DurationSeconds + 1e-6)
            && double.IsFinite(report.DurationSeconds);
    }
}
