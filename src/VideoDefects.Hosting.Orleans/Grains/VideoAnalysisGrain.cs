using Orleans.Runtime;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.Frames;
using VideoDefects.Reports;

namespace VideoDefects.Hosting.Orleans.Grains;

/// <summary>
/// Splits a file into segments, analyses them in parallel on segment grains across the cluster, runs whole-input
/// detectors (A/V sync) on one more grain alongside, and stitches the events. Each event is reported by the segment
/// it starts in, seen whole (that segment reads on until it closes), so nothing is cut at a border or counted twice.
/// </summary>
internal sealed class VideoAnalysisGrain(DetectorRegistry registry) : Grain, IVideoAnalysisGrain
{
    private const string WholeInputDetector = "avsync";

    public async Task<AnalysisReport> AnalyzeAsync(FanOutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DeactivateOnIdle();
        string[] wanted;
        using (var detectors = registry.Create(request.Detectors, registry.ParseSettings(request.DetectorOptions))) // bad names or options fail here
        {
            wanted = [.. detectors.Select(d => d.Name)];
        }

        var frameDetectors = wanted.Where(n => n != WholeInputDetector).ToArray();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        MediaInfoSummary media;
        await using (var probe = new FFmpegSource(request.Source, new FFmpegSourceOptions { DecodeAudio = false, TrustedInput = request.TrustedInput }))
        {
            var info = await probe.ProbeAsync(CancellationToken.None);
            media = new MediaInfoSummary(info.Source, info.Video.Width, info.Video.Height, info.Video.FrameRate, info.PixelFormatName, info.Duration
                ?? throw new Errors.UnsupportedFormatException(info.Source, "has no known duration; fan-out needs a file, not a live stream."));
        }

        var totalFrames = (long)Math.Round(media.Duration.TotalSeconds * media.FrameRate);
        var segmentFrames = Math.Max(1, (long)Math.Round(request.SegmentLength.TotalSeconds * media.FrameRate));
        var warmup = (long)Math.Round(request.Warmup.TotalSeconds * media.FrameRate);
        // Bounded: every segment is a decode, so all at once would only thrash memory and cores.
        var silos = (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
        var perSilo = request.SegmentsPerSilo > 0 ? request.SegmentsPerSilo : Environment.ProcessorCount;
        using var slots = new SemaphoreSlim(Math.Max(1, silos * perSilo));
        var calls = new List<Task<SegmentResult>>();
        for (long first = 0, index = 0; first < totalFrames; first += segmentFrames, index++)
        {
            // The last segment runs to the input's real end, whatever the container's duration said.
            var end = first + segmentFrames >= totalFrames ? long.MaxValue : first + segmentFrames;
            var segment = GrainFactory.GetGrain<ISegmentAnalysisGrain>((long)HashCode.Combine(this.GetPrimaryKeyString(), index, Guid.NewGuid()));
            calls.Add(RunAsync(segment, new SegmentRequest(request.Source, frameDetectors, first, end, warmup, request.TrustedInput, request.DetectorOptions), slots));
        }

        Task<AnalysisReport>? whole = wanted.Contains(WholeInputDetector)
            ? GrainFactory.GetGrain<ISegmentAnalysisGrain>(Random.Shared.NextInt64()).AnalyzeWholeAsync(request.Source, [WholeInputDetector], request.TrustedInput, request.Reference, request.DetectorOptions)
            : null;
        var segments = frameDetectors.Length > 0 ? await Task.WhenAll(calls) : [];
        var avsync = whole is null ? null : await whole;

        var events = Stitch(segments).Concat(avsync?.Events ?? []).OrderBy(e => e.Start).ThenBy(e => e.Kind).ToArray();
        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new AnalysisReport
        {
            Source = media.Source,
            DurationSeconds = Math.Round(totalFrames / media.FrameRate, 6),
            Video = new VideoReport(media.Width, media.Height, media.FrameRate, totalFrames, media.PixelFormat),
            Audio = avsync?.Audio,
            Events = events,
            AvSync = avsync?.AvSync,
            Performance = new PerformanceReport(Math.Round(wall, 3), wall > 0 ? Math.Round(totalFrames / wall, 1) : 0),
        };
    }

    private static async Task<SegmentResult> RunAsync(ISegmentAnalysisGrain segment, SegmentRequest request, SemaphoreSlim slots)
    {
        await slots.WaitAsync();
        try
        {
            return await segment.AnalyzeSegmentAsync(request);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Each segment is authoritative from where the previous one stopped reading: that one ran on past its
    /// end with the full context of a single pass, so what the next segment saw there (after a shorter warm-up) is
    /// dropped rather than counted twice.</summary>
    private static IEnumerable<Analysis.DefectEvent> Stitch(SegmentResult[] segments)
    {
        long covered = 0;
        foreach (var segment in segments)
        {
            foreach (var defect in segment.Events.Where(e => e.FirstFrame >= covered))
            {
                yield return defect;
            }

            covered = Math.Max(covered, segment.LastFrame + 1);
        }
    }

    private sealed record MediaInfoSummary(string Source, int Width, int Height, double FrameRate, string PixelFormat, TimeSpan Duration);
}
