using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>Validates reports against the shared contract with JsonSchema.Net (the whole of JSON Schema 2020-12, so no
/// keyword is silently ignored). Returns every violation with where it is.</summary>
internal static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>Fails with every violation when <paramref name="json"/> is not a valid report.</summary>
    public static void AssertValid(string json) => Assert.Empty(Validate(json, Paths.Schema));

    public static List<string> Validate(string json, string schemaPath)
    {
        // Parsed once per file: the schema's $id may be registered only once.
        var schema = Schemas.GetOrAdd(Path.GetFullPath(schemaPath), static path => JsonSchema.FromText(File.ReadAllText(path)));
        using var instance = JsonDocument.Parse(json);
        var results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail given)"];
    }
}
