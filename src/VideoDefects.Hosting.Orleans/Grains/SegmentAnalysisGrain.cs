using Orleans.Placement;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Reference;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Hosting.Orleans.Grains;

/// <summary>
/// Analyses one segment of a file. Placed by activation count, so the segments of one fan-out spread over every silo
/// (a <c>[StatelessWorker]</c> would be placed on the calling silo only); deactivated when done.
/// </summary>
[ActivationCountBasedPlacement]
internal sealed class SegmentAnalysisGrain(DetectorRegistry registry) : Grain, ISegmentAnalysisGrain
{
    public async Task<SegmentResult> AnalyzeSegmentAsync(SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DeactivateOnIdle();
        var first = Math.Max(0, request.FirstFrame - request.WarmupFrames);
        using var detectors = registry.Create(request.Detectors, registry.ParseSettings(request.DetectorOptions));
        using var pipeline = new AnalysisPipeline(detectors);
        await using var input = new FFmpegSource(request.Source, new FFmpegSourceOptions
        {
            DecodeAudio = false,
            StartFrame = first,
            TrustedInput = request.TrustedInput,
        });
        pipeline.Configure(input);
        var media = await input.OpenAsync(CancellationToken.None);
        pipeline.Start(media, first, first / media.Video.FrameRate);
        var segment = new SegmentSource(input, () => pipeline.FramesAnalysed >= request.EndFrame && !pipeline.HasPendingEvent);
        await pipeline.ProcessAsync(segment, CancellationToken.None);

        // The input's end closes what is open, as a single pass would; a segment's end leaves nothing open.
        var report = segment.InputEnded ? pipeline.Complete() : pipeline.GetReport();
        var seen = report.Events.Where(e => e.FirstFrame >= request.FirstFrame).ToArray();
        return new SegmentResult(seen, pipeline.FramesAnalysed - 1, pipeline.FramesAnalysed - first, RuntimeIdentity);
    }

    public async Task<AnalysisReport> AnalyzeWholeAsync(string source, string[] detectors, bool trustedInput, string? reference, string? detectorOptions)
    {
        DeactivateOnIdle();
        var settings = registry.ParseSettings(detectorOptions);
        if (reference is not null)
        {
            var signature = await ReferenceSignature.LoadAsync(reference, new FFmpegSourceOptions { TrustedInput = trustedInput });
            settings = settings with { AvSync = settings.AvSync with { Reference = signature } };
        }

        await using var input = new FFmpegSource(source, new FFmpegSourceOptions { TrustedInput = trustedInput });
        using var created = registry.Create(detectors, settings);
        return await new AnalysisPipeline(created).RunAsync(input);
    }
}
