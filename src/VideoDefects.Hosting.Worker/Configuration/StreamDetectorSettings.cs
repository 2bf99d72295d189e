using System.Text.Json;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Detectors.Registry;

namespace VideoDefects.Hosting.Worker.Configuration;

/// <summary>A stream's detector settings: its <see cref="StreamOptions.DetectorOptions"/> section, read for each
/// detector of the registry, then the stream's shortcuts (<see cref="StreamOptions.FreezeMinDuration"/>, …) over them.</summary>
internal static class StreamDetectorSettings
{
    /// <exception cref="InvalidDetectorOptionsException">An unknown detector or options it refuses.</exception>
    public static DetectorSettings For(StreamOptions stream, DetectorRegistry registry)
    {
        var settings = new DetectorSettings();
        foreach (var section in stream.DetectorOptions?.GetChildren() ?? [])
        {
            var descriptor = registry.Find(section.Key)
                ?? throw new InvalidDetectorOptionsException(section.Key, $"no such detector; available: {string.Join(", ", registry.Names)}.");
            var json = ConfigurationJson.ToJson(section, descriptor.OptionsJson);
            using var document = JsonDocument.Parse(json?.ToJsonString() ?? "{}");
            settings = settings.With(descriptor.Name, descriptor.ReadOptions(document.RootElement));
        }

        var frozen = settings.Frozen;
        if (stream.FreezeMinDuration is { } minDuration)
        {
            frozen = frozen with { MinDuration = minDuration };
        }

        if (stream.LearnLiveGraphics is { } learn)
        {
            frozen = frozen with { DiscountLiveGraphics = learn };
        }

        if (stream.IgnoreRegions.Count > 0)
        {
            frozen = frozen with { IgnoreRegions = [.. stream.IgnoreRegions.Select(PixelRegion.Parse)] };
        }

        var loudness = stream.LoudnessProfile is { Length: > 0 } profile
            ? settings.Loudness with { Profile = LoudnessProfile.Find(profile) ?? throw new InvalidDetectorOptionsException("loudness", $"LoudnessProfile is ebuR128 or atscA85, not '{profile}'.") }
            : settings.Loudness;
        return settings with { Frozen = frozen, Loudness = loudness };
    }
}
