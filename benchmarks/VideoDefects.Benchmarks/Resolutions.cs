namespace VideoDefects.Benchmarks;

/// <summary>The picture sizes every per-frame benchmark runs at.</summary>
public static class Resolutions
{
    /// <summary>480p to 2160p, or the comma-separated list in <c>VD_BENCH_RESOLUTIONS</c> (e.g. <c>1080p</c>) for a
    /// quicker run.</summary>
    public static IEnumerable<string> All =>
        Environment.GetEnvironmentVariable("VD_BENCH_RESOLUTIONS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        ?? ["480p", "720p", "1080p", "2160p"];

    public static (int Width, int Height) Size(string name) => name switch
    {
        "480p" => (854, 480),
        "720p" => (1280, 720),
        "1080p" => (1920, 1080),
        "2160p" => (3840, 2160),
        _ => throw new ArgumentException(name),
    };
}
