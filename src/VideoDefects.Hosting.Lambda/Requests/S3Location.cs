namespace VideoDefects.Hosting.Lambda.Requests;

/// <summary>An object in S3.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key, decoded.</param>
public sealed record S3Location(string Bucket, string Key)
{
    /// <summary>The <c>s3://bucket/key</c> form.</summary>
    public override string ToString() => $"s3://{Bucket}/{Key}";

    /// <summary>Parses <c>s3://bucket/key</c>.</summary>
    public static bool TryParse(string uri, out S3Location? location)
    {
        location = null;
        if (!uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        location = new S3Location(rest[..slash], rest[(slash + 1)..]);
        return true;
    }
}
