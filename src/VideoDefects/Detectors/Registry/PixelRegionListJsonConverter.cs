using System.Text.Json;
using System.Text.Json.Serialization;
using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Registry;

/// <summary>Picture regions in options JSON as <c>["x,y,w,h", …]</c>: the form the CLI and the worker's configuration
/// already take.</summary>
internal sealed class PixelRegionListJsonConverter : JsonConverter<IReadOnlyList<PixelRegion>>
{
    public override IReadOnlyList<PixelRegion> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Regions are a list of \"x,y,width,height\" strings.");
        }

        var regions = new List<PixelRegion>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                regions.Add(PixelRegion.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new FormatException($"A region is an \"x,y,width,height\" string, not {reader.TokenType}.")));
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        return regions;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<PixelRegion> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var r in value)
        {
            writer.WriteStringValue(FormattableString.Invariant($"{r.X},{r.Y},{r.Width},{r.Height}"));
        }

        writer.WriteEndArray();
    }
}
