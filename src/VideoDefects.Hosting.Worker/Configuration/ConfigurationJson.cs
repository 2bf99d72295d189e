using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;

namespace VideoDefects.Hosting.Worker.Configuration;

/// <summary>Turns a configuration section into JSON shaped like a type, guided by the type's JSON metadata: the
/// detector descriptors read their options from JSON, and configuration only has strings. No reflection binder, so
/// a detector registered at run time binds like the built-in ones.</summary>
internal static class ConfigurationJson
{
    /// <summary>The section as JSON for <paramref name="type"/>: booleans and numbers where the type has them
    /// (configuration gives text), lists from sections keyed 0, 1, …, text everywhere else. Keys the type lacks are kept,
    /// so reading the JSON names them.</summary>
    public static JsonNode? ToJson(IConfigurationSection section, JsonTypeInfo type) => Node(section, type.Type, type.Options);

    private static JsonNode? Node(IConfigurationSection section, Type? type, JsonSerializerOptions options)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return Leaf(section.Value, type);
        }

        var info = type is null ? null : TypeInfo(type, options);
        if (children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var element = info?.ElementType;
            return new JsonArray([.. children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(c => Node(c, element, options))]);
        }

        var json = new JsonObject();
        foreach (var child in children)
        {
            var property = info?.Properties.FirstOrDefault(p => p.Name.Equals(child.Key, StringComparison.OrdinalIgnoreCase));
            json[child.Key] = Node(child, property?.PropertyType, options);
        }

        return json;
    }

    private static JsonValue? Leaf(string? value, Type? type)
    {
        if (value is null)
        {
            return null;
        }

        var target = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(bool) && bool.TryParse(value, out var flag))
        {
            return JsonValue.Create(flag);
        }

        var numeric = target is not null && (target.IsPrimitive || target == typeof(decimal)) && target != typeof(bool) && target != typeof(char);
        return numeric && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);
    }

    /// <summary>The metadata of a property's type, when its context has it (a property with its own converter may not).</summary>
    private static JsonTypeInfo? TypeInfo(Type type, JsonSerializerOptions options)
    {
        try
        {
            return options.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
