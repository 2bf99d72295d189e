using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using VideoDefects.Errors;
using VideoDefects.Hosting.Lambda.Requests;
using S3Location = VideoDefects.Hosting.Lambda.Requests.S3Location;

namespace VideoDefects.Hosting.Lambda.Storage;

/// <summary>The few S3 operations the function needs, with S3's failures turned into typed input errors.</summary>
internal sealed class S3Store(IAmazonS3 s3)
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/> (Lambda's <c>/tmp</c>), refusing objects
    /// over <paramref name="maxBytes"/> before reading them.</summary>
    public async Task DownloadAsync(S3Location source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var name = source.ToString();
        try
        {
            using var response = await s3.GetObjectAsync(source.Bucket, source.Key, cancellationToken).ConfigureAwait(false);
            if (response.ContentLength > maxBytes)
            {
                throw new LimitExceededException(name, $"is {response.ContentLength:N0} bytes; the limit is {maxBytes:N0}.");
            }

            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await response.ResponseStream.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
            throw new InputNotFoundException(name, "does not exist.", e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden)
        {
            throw new InputPolicyException(name, "cannot be read with this function's permissions.", e);
        }
    }

    public async Task PutAsync(S3Location target, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        // No aws-chunked framing: AWS itself uses it only over plain HTTP, where S3-compatible stores (MinIO gateways,
        // s3rver, older Ceph) may store the chunk signatures as part of the object.
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = target.Bucket, Key = target.Key, InputStream = stream, ContentType = contentType, UseChunkEncoding = false }, cancellationToken).ConfigureAwait(false);
    }

    public Task PutAsync(S3Location target, string text, CancellationToken cancellationToken) =>
        PutAsync(target, Encoding.UTF8.GetBytes(text), "application/json", cancellationToken);

    /// <summary>The object's bytes, or <see langword="null"/> when it does not exist.</summary>
    public async Task<byte[]?> GetOrNullAsync(S3Location location, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
