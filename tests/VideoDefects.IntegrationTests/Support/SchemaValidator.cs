using System.Text.Json;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>The subset of JSON Schema (2020-12) the report contract uses: type (and type lists), required,
/// properties, additionalProperties, items, enum, minimum and maximum. Returns every violation with its path.</summary>
internal static class SchemaValidator
{
    /// <summary>Fails with every violation when <paramref name="json"/> is not a valid report.</summary>
    public static void AssertValid(string json) => Assert.Empty(Validate(json, Paths.Schema));

    public static List<string> Validate(string json, string schemaPath)
    {
        using var instance = JsonDocument.Parse(json);
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        var errors = new List<string>();
        Check(instance.RootElement, schema.RootElement, "$", errors);
        return errors;
    }

    private static void Check(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => Matches(value, t)))
            {
                errors.Add($"{path}: {value.ValueKind} is not {string.Join('|', types)}");
                return;
            }
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => o.ToString() == value.ToString()))
        {
            errors.Add($"{path}: '{value}' is not one of {options}");
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            var n = value.GetDouble();
            if (schema.TryGetProperty("minimum", out var min) && n < min.GetDouble())
            {
                errors.Add($"{path}: {n} < {min}");
            }

            if (schema.TryGetProperty("maximum", out var max) && n > max.GetDouble())
            {
                errors.Add($"{path}: {n} > {max}");
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        errors.Add($"{path}: missing required '{name}'");
                    }
                }
            }

            schema.TryGetProperty("properties", out var properties);
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var sub))
                {
                    Check(property.Value, sub, $"{path}.{property.Name}", errors);
                }
                else if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object)
                {
                    Check(property.Value, extra, $"{path}.{property.Name}", errors);
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, $"{path}[{i++}]", errors);
            }
        }
    }

    private static bool Matches(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };
}
