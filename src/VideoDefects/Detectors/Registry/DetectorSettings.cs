using System.Collections.Immutable;
using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.Black;
using VideoDefects.Detectors.Corruption;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;

namespace VideoDefects.Detectors.Registry;

/// <summary>Options for the detectors a <see cref="DetectorRegistry"/> builds, by detector name; the typed properties
/// are the built-in detectors' entries. A detector without an entry runs with its defaults.</summary>
public sealed record DetectorSettings
{
    private ImmutableDictionary<string, object> _byName = ImmutableDictionary.Create<string, object>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Options of the frozen-frame detector.</summary>
    public FrozenFrameDetectorOptions Frozen { get => Get<FrozenFrameDetectorOptions>("frozen"); init => Set("frozen", value); }

    /// <summary>Options of the block-corruption detector.</summary>
    public BlockCorruptionDetectorOptions Corruption { get => Get<BlockCorruptionDetectorOptions>("corruption"); init => Set("corruption", value); }

    /// <summary>Options of the audio/video sync detector.</summary>
    public AvSyncDetectorOptions AvSync { get => Get<AvSyncDetectorOptions>("avsync"); init => Set("avsync", value); }

    /// <summary>Options of the black-picture detector.</summary>
    public BlackDetectorOptions Black { get => Get<BlackDetectorOptions>("black"); init => Set("black", value); }

    /// <summary>Options of the silence detector.</summary>
    public SilenceDetectorOptions Silence { get => Get<SilenceDetectorOptions>("silence"); init => Set("silence", value); }

    /// <summary>Options of the loudness meter (no events unless a profile is chosen).</summary>
    public LoudnessDetectorOptions Loudness { get => Get<LoudnessDetectorOptions>("loudness"); init => Set("loudness", value); }

    /// <summary>Options of the clipping detector.</summary>
    public ClippingDetectorOptions Clipping { get => Get<ClippingDetectorOptions>("clipping"); init => Set("clipping", value); }

    /// <summary>The options given for <paramref name="detector"/>, or <see langword="null"/> (it runs with its defaults).</summary>
    public object? For(string detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        return _byName.GetValueOrDefault(detector);
    }

    /// <summary>These settings with <paramref name="options"/> for <paramref name="detector"/> (replacing any).</summary>
    public DetectorSettings With(string detector, object options)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(options);
        var copy = this with { };
        copy._byName = _byName.SetItem(detector, options);
        return copy;
    }

    /// <inheritdoc/>
    public bool Equals(DetectorSettings? other) =>
        other is not null && other._byName.Count == _byName.Count && _byName.All(p => other._byName.TryGetValue(p.Key, out var o) && Equals(o, p.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => _byName.Count;

    private T Get<T>(string detector)
        where T : class, new() => _byName.GetValueOrDefault(detector) as T ?? new T();

    private void Set(string detector, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _byName = _byName.SetItem(detector, value);
    }
}
