using System.Text.Json;
using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Registry;

/// <summary>The detectors a host offers, in the order they run: the CLI's <c>--detectors</c>, the worker's
/// configuration, Orleans' and Lambda's requests all choose from one. Immutable; <see cref="With"/> adds one.</summary>
public sealed class DetectorRegistry
{
    private readonly DetectorDescriptor[] _descriptors;

    private DetectorRegistry(DetectorDescriptor[] descriptors) => _descriptors = descriptors;

    /// <summary>The built-in detectors: frozen, corruption, avsync, black, silence, loudness, clipping.</summary>
    public static DetectorRegistry Default { get; } = new(BuiltInDetectors.Create());

    /// <summary>Every detector offered, in the order they run.</summary>
    public IReadOnlyList<DetectorDescriptor> Descriptors => _descriptors;

    /// <summary>Their names, in the order they run.</summary>
    public IReadOnlyList<string> Names => [.. _descriptors.Select(d => d.Name)];

    /// <summary>This registry and <paramref name="descriptor"/>, which runs after the others.</summary>
    /// <exception cref="ArgumentException">A detector of that name is already offered.</exception>
    public DetectorRegistry With(DetectorDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (Find(descriptor.Name) is not null)
        {
            throw new ArgumentException($"A detector named '{descriptor.Name}' is already registered.", nameof(descriptor));
        }

        return new([.. _descriptors, descriptor]);
    }

    /// <summary>The detector called <paramref name="name"/> (any case), or <see langword="null"/>.</summary>
    public DetectorDescriptor? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Array.Find(_descriptors, d => d.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first of <paramref name="names"/> this registry does not offer, or <see langword="null"/>.</summary>
    public string? FirstUnknown(IEnumerable<string>? names) => names?.FirstOrDefault(n => n.Trim().Length > 0 && Find(n) is null);

    /// <summary>Creates the detectors named in <paramref name="names"/> (those <see cref="DetectorDescriptor.OnByDefault"/>
    /// when null or empty), in registry order, each with its options from <paramref name="settings"/>. Dispose the set
    /// when the analysis ends.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    /// <exception cref="InvalidDetectorOptionsException">Options a detector refuses.</exception>
    public DetectorSet Create(IEnumerable<string>? names, DetectorSettings? settings = null)
    {
        var wanted = names?.Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        if (FirstUnknown(wanted) is { } unknown)
        {
            throw new ArgumentException($"Unknown detector '{unknown}'; available: {string.Join(", ", Names)}.", nameof(names));
        }

        var all = wanted is null || wanted.Count == 0;
        var created = new List<IFrameAnalyzer>();
        try
        {
            foreach (var descriptor in _descriptors.Where(d => all ? d.OnByDefault : wanted!.Contains(d.Name, StringComparer.OrdinalIgnoreCase)))
            {
                created.Add(descriptor.Create(settings?.For(descriptor.Name)));
            }
        }
        catch
        {
            DetectorSet.DisposeAll(created); // one refused its options: those made before it are not handed out
            throw;
        }

        return new DetectorSet([.. created]);
    }

    /// <summary>Reads options from a JSON object keyed by detector name, e.g.
    /// <c>{"corruption": {"minOnsetBlocks": 16}, "frozen": {"minDuration": "00:00:01"}}</c>, over
    /// <paramref name="settings"/>; properties not given keep their defaults.</summary>
    /// <exception cref="InvalidDetectorOptionsException">Not an object, an unknown detector, or options it refuses.</exception>
    public DetectorSettings ReadSettings(JsonElement json, DetectorSettings? settings = null)
    {
        settings ??= new DetectorSettings();
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return settings;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDetectorOptionsException("*", $"expected a JSON object keyed by detector name, not {json.ValueKind}.");
        }

        foreach (var entry in json.EnumerateObject())
        {
            var descriptor = Find(entry.Name)
                ?? throw new InvalidDetectorOptionsException(entry.Name, $"no such detector; available: {string.Join(", ", Names)}.");
            settings = settings.With(descriptor.Name, descriptor.ReadOptions(entry.Value));
        }

        return settings;
    }

    /// <summary>Reads options from JSON text; see <see cref="ReadSettings(JsonElement, DetectorSettings?)"/>. Null or
    /// blank text gives no options (<paramref name="settings"/> as they are).</summary>
    /// <exception cref="InvalidDetectorOptionsException">Not JSON, not an object, an unknown detector, or options it refuses.</exception>
    public DetectorSettings ParseSettings(string? json, DetectorSettings? settings = null)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return settings ?? new DetectorSettings();
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return ReadSettings(document.RootElement, settings);
        }
        catch (JsonException e)
        {
            throw new InvalidDetectorOptionsException("*", $"not JSON: {e.Message}", e);
        }
    }
}
