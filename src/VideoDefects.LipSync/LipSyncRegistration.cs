using System.Text.Json.Serialization;
using VideoDefects.Detectors.Registry;
using VideoDefects.LipSync.Models;

namespace VideoDefects.LipSync;

/// <summary>Offers the <c>lipsync</c> detector to every host that chooses detectors from a
/// <see cref="DetectorRegistry"/> (CLI, worker, Orleans, Lambda).</summary>
public static class LipSyncRegistration
{
    /// <summary>The detector's descriptor: name <c>lipsync</c>, opt-in, options <see cref="LipSyncDetectorOptions"/>.</summary>
    public static DetectorDescriptor Descriptor { get; } = new DetectorDescriptor<LipSyncDetectorOptions>(
        "lipsync",
        "Lip sync: a speaking face's mouth against the speech (opt-in; needs the models, --models DIR).",
        Create,
        LipSyncOptionsJsonContext.Default.LipSyncDetectorOptions,
        new LipSyncDetectorOptions(),
        onByDefault: false);

    /// <summary><paramref name="registry"/> with <c>lipsync</c> added.</summary>
    public static DetectorRegistry WithLipSync(this DetectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.With(Descriptor);
    }

    private static LipSyncDetector Create(LipSyncDetectorOptions options)
    {
        try
        {
            return new LipSyncDetector(options);
        }
        catch (LipSyncModelException e)
        {
            // Missing models are a configuration mistake: hosts report it as the detector's options being wrong.
            throw new InvalidDetectorOptionsException("lipsync", e.Message, e);
        }
    }
}

/// <summary>Reads <see cref="LipSyncDetectorOptions"/> from JSON the way the built-in detectors' options are read.</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(LipSyncDetectorOptions))]
internal sealed partial class LipSyncOptionsJsonContext : JsonSerializerContext;
