using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Detectors;
using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.Tests.Pipeline;

/// <summary>Whatever sizes and timestamps a source delivers, the pipeline neither crashes nor reports time running
/// backwards.</summary>
public class PipelineFuzzTests
{
    [Property(MaxTest = 60)]
    public bool Random_sizes_and_broken_timestamps_give_well_formed_events(PositiveInt width, PositiveInt height, bool gray, int seed)
    {
        var random = new Random(seed);
        var format = new VideoFormat((width.Get % 90) + 1, (height.Get % 70) + 1, gray ? PixelFormat.Gray8 : PixelFormat.Yuv420P, 25);
        var pipeline = new AnalysisPipeline(DetectorCatalog.Create(null));
        pipeline.Start(new MediaInfo("fuzz", format, new AudioFormat(8000, 1)));
        using var pool = new VideoFramePool(format);
        using var blocks = new AudioBlockPool(new AudioFormat(8000, 1), 320);
        var time = 0.0;
        var frames = random.Next(1, 120);
        for (var i = 0; i < frames; i++)
        {
            // Non-monotonic, duplicated, gapped and non-finite timestamps, and content that freezes or jumps.
            time = random.Next(8) switch
            {
                0 => time - random.NextDouble(),
                1 => time,
                2 => time + (random.NextDouble() * 5),
                3 => double.NaN,
                4 => double.PositiveInfinity,
                _ => time + 0.04,
            };
            var frame = pool.Rent();
            if (random.Next(3) > 0)
            {
                random.NextBytes(frame.GetWritableBuffer());
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
                samples[s] = (float)(random.NextDouble() - 0.5);
            }

            block.FrameCount = random.Next(1, 321);
            block.StartTime = random.NextDouble() * 10;
            block.FirstSample = random.Next(0, 100_000);
            pipeline.ProcessAudio(block);
            block.Dispose();
        }

        var report = pipeline.Complete();
        return report.Video.Frames == frames
            && report.Events.All(e => double.IsFinite(e.Start) && double.IsFinite(e.End) && e.Start >= 0 && e.Start <= e.End && e.End <= report.DurationSeconds + 1e-6)
            && double.IsFinite(report.DurationSeconds);
    }
}
