using System.Text.Json.Serialization;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Registry;
using VideoDefects.Frames;

namespace VideoDefects.IntegrationTests.Support;

// A detector written outside the library, and everything adding one takes: its options, the detector, its JSON
// metadata and one descriptor. The CLI, the worker's configuration, Orleans and Lambda take it by name from a registry
// that includes it (DarkFrame.Registry); nothing else in the product knows it.

/// <summary>Options of <see cref="DarkFrameDetector"/>.</summary>
public sealed record DarkFrameOptions
{
    /// <summary>A picture whose mean luma is at most this is dark (0–255).</summary>
    public double MaxMeanLuma { get; init; } = 16;
}

/// <summary>Reports the first dark picture (as a one-frame <c>black</c> event from detector <c>dark</c>).</summary>
public sealed class DarkFrameDetector : IFrameAnalyzer
{
    private readonly DarkFrameOptions _options;
    private double _frameDuration = 0.04;
    private bool _reported;

    /// <summary>Creates the detector.</summary>
    public DarkFrameDetector(DarkFrameOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxMeanLuma, 255, nameof(options.MaxMeanLuma));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxMeanLuma, nameof(options.MaxMeanLuma));
        _options = options;
    }

    /// <inheritdoc/>
    public string Name => "dark";

    /// <inheritdoc/>
    public bool WantsAudio => false;

    /// <inheritdoc/>
    public bool NeedsChroma => false;

    /// <inheritdoc/>
    public void Start(MediaInfo media) => _frameDuration = 1.0 / media.Video.FrameRate;

    /// <inheritdoc/>
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        if (_reported)
        {
            return;
        }

        var luma = frame.Luma;
        long sum = 0;
        for (var y = 0; y < luma.Height; y++)
        {
            foreach (var b in luma.Row(y))
            {
                sum += b;
            }
        }

        var mean = (double)sum / ((long)luma.Width * luma.Height);
        if (mean <= _options.MaxMeanLuma)
        {
            _reported = true;
            events.Write(new DefectEvent
            {
                Kind = DefectKind.Black,
                Start = frame.Timestamp,
                End = frame.Timestamp + _frameDuration,
                Confidence = 1,
                FirstFrame = frame.Index,
                LastFrame = frame.Index,
                Detector = Name,
                Metrics = new Dictionary<string, double> { ["meanLuma"] = Math.Round(mean, 2) },
            });
        }
    }

    /// <inheritdoc/>
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
    }

    /// <inheritdoc/>
    public void Complete(IDefectEventWriter events)
    {
    }

    /// <inheritdoc/>
    public AnalyzerCheckpoint SaveCheckpoint() => new(Name, 1, [_reported ? (byte)1 : (byte)0]);

    /// <inheritdoc/>
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => _reported = checkpoint.State is [1];
}

/// <summary>Its JSON metadata (source-generated: reading options stays AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DarkFrameOptions))]
public sealed partial class DarkFrameJson : JsonSerializerContext;

/// <summary>The registration: the built-in detectors and this one, opt-in.</summary>
public static class DarkFrame
{
    /// <summary>What hosts need to offer it.</summary>
    public static DetectorDescriptor Descriptor { get; } = new DetectorDescriptor<DarkFrameOptions>(
        "dark", "The first dark picture (test detector).", o => new DarkFrameDetector(o), DarkFrameJson.Default.DarkFrameOptions, new(), onByDefault: false);

    /// <summary>The registry hosts are given in the tests that use it.</summary>
    public static DetectorRegistry Registry { get; } = DetectorRegistry.Default.With(Descriptor);
}
