using System.Text.Json.Serialization;

namespace VideoDefects.Detectors.Registry;

/// <summary>Reads the built-in detectors' options from JSON: camelCase or any case, enums by name, and an unknown
/// property is an error (a misspelt option must not silently run with the default).</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Frozen.FrozenFrameDetectorOptions))]
[JsonSerializable(typeof(Corruption.BlockCorruptionDetectorOptions))]
[JsonSerializable(typeof(AvSync.AvSyncDetectorOptions))]
[JsonSerializable(typeof(Black.BlackDetectorOptions))]
[JsonSerializable(typeof(Audio.SilenceDetectorOptions))]
[JsonSerializable(typeof(Loudness.LoudnessDetectorOptions))]
[JsonSerializable(typeof(Loudness.LoudnessProfile))]
[JsonSerializable(typeof(Audio.ClippingDetectorOptions))]
internal sealed partial class DetectorOptionsJsonContext : JsonSerializerContext;
