using System.Text.Json.Serialization;
using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.Black;
using VideoDefects.Detectors.Corruption;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;

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
[JsonSerializable(typeof(FrozenFrameDetectorOptions))]
[JsonSerializable(typeof(BlockCorruptionDetectorOptions))]
[JsonSerializable(typeof(AvSyncDetectorOptions))]
[JsonSerializable(typeof(BlackDetectorOptions))]
[JsonSerializable(typeof(SilenceDetectorOptions))]
[JsonSerializable(typeof(LoudnessDetectorOptions))]
[JsonSerializable(typeof(LoudnessProfile))]
[JsonSerializable(typeof(ClippingDetectorOptions))]
internal sealed partial class DetectorOptionsJsonContext : JsonSerializerContext;
