using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Tests.Support;

/// <summary>Feeds generated frames through a real <see cref="AnalysisPipeline"/>.</summary>
internal static class FrameRunner
{
    public static VideoFormat Format(int width = 160, int height = 96, double rate = 25) => new(width, height, PixelFormat.Yuv420P, rate);

    /// <summary>Analyses frames <paramref name="from"/>..<paramref name="to"/> (exclusive) drawn by <paramref name="draw"/>.</summary>
    public static AnalysisReport Run(IFrameAnalyzer[] analyzers, VideoFormat format, int frames, Action<int, VideoFrame> draw)
    {
        var pipeline = new AnalysisPipeline(analyzers);
        pipeline.Start(new MediaInfo("synthetic", format, null));
        Feed(pipeline, format, 0, frames, draw);
        return pipeline.Complete();
    }

    public static void Feed(AnalysisPipeline pipeline, VideoFormat format, int from, int to, Action<int, VideoFrame> draw)
    {
        using var pool = new VideoFramePool(format);
        for (var i = from; i < to; i++)
        {
            var frame = pool.Rent();
            draw(i, frame);
            frame.Index = i - from;
            frame.Timestamp = (i - from) / format.FrameRate;
            pipeline.ProcessVideo(frame);
        }
    }

    /// <summary>Events as JSON lines: a value comparison that includes metrics and regions.</summary>
    public static string[] Lines(IEnumerable<DefectEvent> events) => [.. events.Select(ReportJson.SerializeEventLine)];
}
