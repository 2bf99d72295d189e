using System.Globalization;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.Hosting.Lambda.Requests;

namespace VideoDefects.Hosting.Lambda;

/// <summary>How the function behaves; <see cref="FromEnvironment"/> reads the documented <c>VIDEODEFECTS_*</c>
/// variables.</summary>
public sealed record VideoAnalysisFunctionOptions
{
    /// <summary>Lambda's response payload limit (6 MB); larger reports are summarised.</summary>
    public const int LambdaResponseLimit = 6 * 1024 * 1024;

    /// <summary>Where reports of S3-notified objects and stream checkpoints go (<c>VIDEODEFECTS_OUTPUT</c>, an
    /// <c>s3://bucket/prefix/</c>). Required for S3 events and stream keys.</summary>
    public S3Location? Output { get; init; }

    /// <summary>Buckets a source may come from (<c>VIDEODEFECTS_ALLOWED_BUCKETS</c>, comma-separated). Empty: any
    /// bucket the function's role can read — IAM is then the guard.</summary>
    public IReadOnlySet<string> AllowedBuckets { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Hosts an <c>https://</c> source may name (<c>VIDEODEFECTS_ALLOWED_HOSTS</c>, comma-separated; <c>*</c>
    /// for any public host). Empty: no https sources. Internal addresses are refused whatever this says.</summary>
    public IReadOnlySet<string> AllowedHosts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Detectors run when a request names none (<c>VIDEODEFECTS_DETECTORS</c>); all when empty.</summary>
    public IReadOnlyList<string> Detectors { get; init; } = [];

    /// <summary>The detectors requests choose from by name; add your own with <see cref="DetectorRegistry.With"/>.</summary>
    public DetectorRegistry Registry { get; init; } = DetectorRegistry.Default;

    /// <summary>Detector options as JSON keyed by detector name (<c>VIDEODEFECTS_DETECTOR_OPTIONS</c>), e.g.
    /// <c>{"corruption": {"minOnsetBlocks": 16}}</c>; a request's own <c>detectorOptions</c> win, detector by detector.</summary>
    public string? DetectorOptions { get; init; }

    /// <summary>How long before Lambda's deadline analysis stops to return a partial report
    /// (<c>VIDEODEFECTS_DEADLINE_MARGIN_MS</c>, default 1000).</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Responses larger than this are summarised (default <see cref="LambdaResponseLimit"/>).</summary>
    public int MaxResponseBytes { get; init; } = LambdaResponseLimit;

    /// <summary>For S3 events: the object's folder is its stream key, so consecutive segments of one stream
    /// continue each other's events (<c>VIDEODEFECTS_STREAM_KEY_FROM_PREFIX=true</c>).</summary>
    public bool StreamKeyFromPrefix { get; init; }

    /// <summary>Largest object downloaded for analysis (<c>VIDEODEFECTS_MAX_OBJECT_BYTES</c>, default 8 GiB —
    /// Lambda's <c>/tmp</c> is at most 10 GB).</summary>
    public long MaxObjectBytes { get; init; } = 8L << 30;

    /// <summary>Where S3 objects are downloaded (<c>TMPDIR</c>, else the system temp folder).</summary>
    public string WorkFolder { get; init; } = Path.GetTempPath();

    /// <summary>The folder holding <c>ffmpeg</c>/<c>ffprobe</c> (<c>VIDEODEFECTS_FFMPEG_FOLDER</c>; by default
    /// <c>/opt/bin</c> when a layer put them there, else the PATH).</summary>
    public string? FFmpegFolder { get; init; }

    /// <summary>Limits on the inputs (dimensions, duration, read timeout).</summary>
    public MediaLimits Limits { get; init; } = MediaLimits.Default;

    /// <summary>Reads the options from environment variables.</summary>
    /// <exception cref="ArgumentException">A variable has a value that cannot be used (reported as an init error).</exception>
    public static VideoAnalysisFunctionOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        S3Location? output = null;
        if (read("VIDEODEFECTS_OUTPUT") is { Length: > 0 } o)
        {
            var prefix = o.EndsWith('/') ? o : o + "/";
            if (!S3Location.TryParse(prefix + "x", out var parsed))
            {
                throw new ArgumentException($"VIDEODEFECTS_OUTPUT must be s3://bucket/prefix/, not '{o}'.");
            }

            output = parsed! with { Key = parsed.Key[..^1] };
        }

        var defaults = new VideoAnalysisFunctionOptions();
        return new VideoAnalysisFunctionOptions
        {
            Output = output,
            AllowedBuckets = List(read("VIDEODEFECTS_ALLOWED_BUCKETS")).ToHashSet(StringComparer.Ordinal),
            AllowedHosts = List(read("VIDEODEFECTS_ALLOWED_HOSTS")).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Detectors = [.. List(read("VIDEODEFECTS_DETECTORS"))],
            DetectorOptions = read("VIDEODEFECTS_DETECTOR_OPTIONS") is { Length: > 0 } json ? json : null,
            DeadlineMargin = read("VIDEODEFECTS_DEADLINE_MARGIN_MS") is { Length: > 0 } m
                ? TimeSpan.FromMilliseconds(Number(m, "VIDEODEFECTS_DEADLINE_MARGIN_MS"))
                : defaults.DeadlineMargin,
            MaxObjectBytes = read("VIDEODEFECTS_MAX_OBJECT_BYTES") is { Length: > 0 } b ? Number(b, "VIDEODEFECTS_MAX_OBJECT_BYTES") : defaults.MaxObjectBytes,
            StreamKeyFromPrefix = string.Equals(read("VIDEODEFECTS_STREAM_KEY_FROM_PREFIX"), "true", StringComparison.OrdinalIgnoreCase),
            WorkFolder = read("TMPDIR") is { Length: > 0 } t ? t : defaults.WorkFolder,
            FFmpegFolder = read("VIDEODEFECTS_FFMPEG_FOLDER") is { Length: > 0 } f ? f : File.Exists("/opt/bin/ffmpeg") ? "/opt/bin" : null,
        };
    }

    private static string[] List(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static long Number(string value, string name) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"{name} must be a non-negative integer, not '{value}'.");
}
