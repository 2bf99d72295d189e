using Amazon.S3;
using VideoDefects.Hosting.Lambda.Runtime;

namespace VideoDefects.Hosting.Lambda;

/// <summary>The entry point of a custom-runtime function: <c>return await LambdaFunction.RunAsync();</c> is a whole
/// <c>bootstrap</c> program.</summary>
public static class LambdaFunction
{
    /// <summary>Reads the options from the environment, builds the S3 client, and serves events from the Runtime API
    /// at <c>AWS_LAMBDA_RUNTIME_API</c> until the environment is shut down.</summary>
    /// <returns>The process exit code: 0 after SIGTERM, 1 when the Runtime API is gone, 2 when the function could not
    /// start (reported to Lambda as an init error).</returns>
    public static async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(api))
        {
            await Console.Error.WriteLineAsync("videodefects: AWS_LAMBDA_RUNTIME_API is not set; this program runs inside Lambda (or an emulator).").ConfigureAwait(false);
            return 2;
        }

        using var client = new RuntimeApiClient(api);
        VideoAnalysisFunction function;
        AmazonS3Client s3;
        try
        {
            var options = VideoAnalysisFunctionOptions.FromEnvironment();
            s3 = CreateS3Client();
            function = new VideoAnalysisFunction(options, s3);
        }
        catch (Exception e) when (e is ArgumentException or Amazon.Runtime.AmazonClientException)
        {
            await client.SendInitErrorAsync("Runtime.InvalidConfiguration", e.Message, cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"videodefects: cannot start: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using (s3)
        {
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stopping.Cancel();
            });
            var loop = new LambdaRuntimeLoop(client, (invocation, token) => function.HandleAsync(invocation.Body, invocation.Deadline, token));
            return await loop.RunAsync(stopping.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The SDK's own configuration chain (region, credentials), plus <c>AWS_ENDPOINT_URL_S3</c> /
    /// <c>AWS_ENDPOINT_URL</c> for S3-compatible endpoints, which need path-style addressing.</summary>
    internal static AmazonS3Client CreateS3Client()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (string.IsNullOrEmpty(endpoint))
        {
            return new AmazonS3Client();
        }

        var config = new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true };
        if (Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } region)
        {
            config.AuthenticationRegion = region;
        }

        return new AmazonS3Client(config);
    }
}
