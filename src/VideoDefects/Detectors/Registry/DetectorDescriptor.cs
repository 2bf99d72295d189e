using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Registry;

/// <summary>What a host needs to offer one detector: its name, its options (type, defaults, how they are read from
/// JSON) and how to build it. Add one to a <see cref="DetectorRegistry"/> and the CLI, the worker's configuration,
/// Orleans and Lambda all accept it by name, options included; <see cref="DetectorDescriptor{TOptions}"/> makes one.</summary>
public abstract class DetectorDescriptor
{
    private protected DetectorDescriptor(string name, string summary, bool onByDefault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(summary);
        // The name is typed on command lines, used as a configuration key and as a JSON property: keep it plain.
        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || !char.IsAsciiLetterLower(name[0]))
        {
            throw new ArgumentException($"A detector name is lower-case letters, digits and '-', starting with a letter; not '{name}'.", nameof(name));
        }

        (Name, Summary, OnByDefault) = (name, summary, onByDefault);
    }

    /// <summary>The name hosts choose it by (<c>--detectors</c>, configuration, requests); lower case.</summary>
    public string Name { get; }

    /// <summary>One line for help texts: what it finds.</summary>
    public string Summary { get; }

    /// <summary>Whether it runs when no detectors are named; opt-in detectors (costly, or needing files) say no.</summary>
    public bool OnByDefault { get; }

    /// <summary>The type of its options.</summary>
    public abstract Type OptionsType { get; }

    /// <summary>How its options are read from JSON (also used to read them from configuration sections).</summary>
    public abstract JsonTypeInfo OptionsJson { get; }

    /// <summary>The options it runs with when none are given.</summary>
    public abstract object DefaultOptions { get; }

    /// <summary>Builds the detector with <paramref name="options"/> (its defaults when <see langword="null"/>).</summary>
    /// <exception cref="InvalidDetectorOptionsException">Options of another type, or values the detector refuses.</exception>
    public abstract IFrameAnalyzer Create(object? options);

    /// <summary>Reads options from JSON (an object; properties not given keep their defaults) and checks them by
    /// building the detector once.</summary>
    /// <exception cref="InvalidDetectorOptionsException">Not an object, an option it does not have, a value of the wrong
    /// type, or values the detector refuses.</exception>
    public object ReadOptions(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDetectorOptionsException(Name, $"expected a JSON object of options, not {json.ValueKind}.");
        }

        object? options;
        try
        {
            options = OverDefaults(json).Deserialize(OptionsJson);
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or InvalidOperationException)
        {
            throw new InvalidDetectorOptionsException(Name, e.Message, e);
        }

        _ = Create(options ?? throw new InvalidDetectorOptionsException(Name, "the options read as null.")); // values out of range fail here, naming the detector
        return options;
    }

    /// <summary>The defaults as JSON with the given properties written over them. Source-generated metadata sets every
    /// init-only property when it builds an object, so a property the JSON leaves out would get 0 or null, not its
    /// default (dotnet/runtime#84484): reading complete JSON keeps the defaults.</summary>
    private JsonObject OverDefaults(JsonElement given)
    {
        var merged = JsonSerializer.SerializeToNode(DefaultOptions, OptionsJson) as JsonObject ?? [];
        foreach (var property in given.EnumerateObject())
        {
            // A misspelt option must not run silently with its default; runtime-only ones (not in JSON) are refused too.
            var key = merged.Select(p => p.Key).FirstOrDefault(k => k.Equals(property.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidDetectorOptionsException(Name, $"no option '{property.Name}'; its options: {string.Join(", ", merged.Select(p => p.Key))}.");
            merged[key] = JsonNode.Parse(property.Value.GetRawText());
        }

        return merged;
    }
}
