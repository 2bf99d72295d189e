using System.Text.Json;
using System.Text.Json.Serialization;
using VideoDefects.Detectors.Loudness;

namespace VideoDefects.Detectors.Registry;

/// <summary>A loudness profile in options JSON: a name (<c>"ebuR128"</c>, <c>"atscA85"</c>), as on the command line,
/// or the figures of one of your own as an object.</summary>
internal sealed class LoudnessProfileJsonConverter : JsonConverter<LoudnessProfile>
{
    public override LoudnessProfile? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return JsonSerializer.Deserialize(ref reader, DetectorOptionsJsonContext.Default.LoudnessProfile);
        }

        var name = reader.GetString()!;
        return LoudnessProfile.Find(name) ?? throw new JsonException($"'{name}' is not a loudness profile: ebuR128, atscA85, or an object with its figures.");
    }

    public override void Write(Utf8JsonWriter writer, LoudnessProfile value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, DetectorOptionsJsonContext.Default.LoudnessProfile);
}
