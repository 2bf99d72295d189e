using System.Net;
using System.Text.Json;
using VideoDefects.Hosting.Lambda.Runtime;

namespace VideoDefects.Hosting.Lambda.Requests;

/// <summary>What an invocation asks for: a direct analysis of one source, or the objects of an S3
/// <c>ObjectCreated</c> notification.</summary>
public abstract record InvocationEvent
{
    /// <summary>Reads an event. Accepts <c>{"source": "s3://bucket/key" | "https://…", "streamKey"?, "endOfStream"?,
    /// "detectors"?, "reference"?, "detectorOptions"?}</c> or an S3 event notification (<c>{"Records": [{"eventSource": "aws:s3", …}]}</c>).</summary>
    /// <exception cref="FunctionException">Not JSON, or neither shape (<see cref="FunctionException.InvalidInput"/>).</exception>
    public static InvocationEvent Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Invalid($"The event is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("The event must be a JSON object.");
            }

            if (root.TryGetProperty("Records", out var records))
            {
                return ParseNotification(records);
            }

            if (root.TryGetProperty("source", out _))
            {
                return ParseDirect(root);
            }

            throw Invalid("The event has neither \"source\" (a direct request) nor \"Records\" (an S3 notification).");
        }
    }

    private static DirectAnalysis ParseDirect(JsonElement root)
    {
        var source = String(root, "source") ?? throw Invalid("\"source\" must be a non-empty string.");
        var streamKey = String(root, "streamKey");
        var endOfStream = root.TryGetProperty("endOfStream", out var end) && end.ValueKind == JsonValueKind.True;
        string[]? detectors = null;
        if (root.TryGetProperty("detectors", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
            {
                throw Invalid("\"detectors\" must be an array of names.");
            }

            detectors = [.. list.EnumerateArray().Select(d => d.GetString()!)];
        }

        string? detectorOptions = null;
        if (root.TryGetProperty("detectorOptions", out var options))
        {
            detectorOptions = options.ValueKind == JsonValueKind.Object ? options.GetRawText() : throw Invalid("\"detectorOptions\" must be an object keyed by detector name.");
        }

        return new DirectAnalysis(source, streamKey, endOfStream, detectors) { Reference = String(root, "reference"), DetectorOptions = detectorOptions };
    }

    private static ObjectsCreated ParseNotification(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("\"Records\" must be an array.");
        }

        var objects = new List<S3Location>();
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object || String(record, "eventSource") != "aws:s3")
            {
                throw Invalid("Only S3 event notifications (eventSource \"aws:s3\") are accepted.");
            }

            if (String(record, "eventName") is not { } name || !name.StartsWith("ObjectCreated:", StringComparison.Ordinal))
            {
                continue; // Deletions and the like are not ours to analyse.
            }

            if (!record.TryGetProperty("s3", out var s3)
                || !s3.TryGetProperty("bucket", out var bucket) || String(bucket, "name") is not { } bucketName
                || !s3.TryGetProperty("object", out var obj) || String(obj, "key") is not { } key)
            {
                throw Invalid("An S3 record lacks s3.bucket.name or s3.object.key.");
            }

            // Keys arrive URL-encoded, spaces as '+', as S3 documents.
            objects.Add(new S3Location(bucketName, WebUtility.UrlDecode(key)));
        }

        return new ObjectsCreated(objects);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static FunctionException Invalid(string message) => new(FunctionException.InvalidInput, message);
}
