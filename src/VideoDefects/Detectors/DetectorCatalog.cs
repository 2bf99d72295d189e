using VideoDefects.Analysis;
using VideoDefects.Detectors.Frozen;

namespace VideoDefects.Detectors;

/// <summary>Builds detectors by name, so hosts (CLI, worker configuration, Lambda events) can choose them as text.</summary>
public static class DetectorCatalog
{
    /// <summary>The names of every detector this build has, in the order they run.</summary>
    public static IReadOnlyList<string> Names { get; } = ["frozen", "corruption", "avsync", "black", "silence", "loudness", "clipping"];

    /// <summary>Creates the detectors named in <paramref name="names"/> (all of them when null or empty).</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static IReadOnlyList<IFrameAnalyzer> Create(IEnumerable<string>? names, DetectorSettings? settings = null)
    {
        settings ??= new DetectorSettings();
        var wanted = names?.Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).Distinct().ToList();
        if (wanted is null || wanted.Count == 0)
        {
            wanted = [.. Names];
        }

        var unknown = wanted.Except(Names).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown detector '{unknown[0]}'; available: {string.Join(", ", Names)}.", nameof(names));
        }

        var detectors = new List<IFrameAnalyzer>();
        foreach (var name in Names)
        {
            if (wanted.Contains(name))
            {
                detectors.Add(name switch
                {
                    "frozen" => new FrozenFrameDetector(settings.Frozen),
                    "corruption" => new Corruption.BlockCorruptionDetector(settings.Corruption),
                    "avsync" => new AvSync.AvSyncDetector(settings.AvSync),
                    "black" => new Black.BlackDetector(settings.Black),
                    "silence" => new Audio.SilenceDetector(settings.Silence),
                    "loudness" => new Loudness.LoudnessDetector(settings.Loudness),
                    "clipping" => new Audio.ClippingDetector(settings.Clipping),
                    _ => throw new InvalidOperationException(name),
                });
            }
        }

        return detectors;
    }
}
