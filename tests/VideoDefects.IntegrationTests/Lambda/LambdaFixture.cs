using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Lambda;

/// <summary>The published <c>bootstrap</c> (the sample, exactly as it would be zipped for Lambda), a real S3 API
/// (moto_server) with an input and an output bucket, and the test clips.</summary>
public sealed class LambdaFixture : IAsyncLifetime
{
    public const string InputBucket = "videodefects-input";
    public const string OutputBucket = "videodefects-output";

    private readonly MediaFixture _media = new();

    public MotoServer S3 { get; } = new();

    public MediaFixture Media => _media;

    public string Bootstrap { get; private set; } = string.Empty;

    /// <summary>A 6-minute 720p clip (a 20 s clip looped without re-encoding; 6 MB): analysing it takes ~20 s here,
    /// far longer than the 5 s deadline of the deadline test.</summary>
    public string LongClip => Path.Combine(_media.Folder, "long.mp4");

    public AmazonS3Client Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_media.InitializeAsync(), S3.InitializeAsync(), PublishAsync());
        var piece = Path.Combine(_media.Folder, "piece.mp4");
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc=s=1280x720:r=25:d=20", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-g", "250", piece);
        await Tool.FFmpegAsync("-stream_loop", "17", "-i", piece, "-c", "copy", LongClip);
        Client = S3.CreateClient();
        foreach (var bucket in new[] { InputBucket, OutputBucket })
        {
            await Client.PutBucketAsync(bucket);
        }
    }

    public async Task<string> UploadAsync(string file, string key)
    {
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = InputBucket, Key = key, FilePath = file, UseChunkEncoding = false });
        return $"s3://{InputBucket}/{key}";
    }

    public async Task UploadTextAsync(string key, string text) =>
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = InputBucket, Key = key, ContentBody = text, UseChunkEncoding = false });

    public async Task<string?> ReadOutputAsync(string key)
    {
        try
        {
            using var response = await Client.GetObjectAsync(OutputBucket, key);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Starts the published bootstrap against <paramref name="api"/>, as Lambda would, with the standard AWS
    /// variables pointing at moto.</summary>
    public Process StartBootstrap(RuntimeApiServer api, IReadOnlyDictionary<string, string>? extra = null, Action<string>? log = null)
    {
        var start = new ProcessStartInfo(Bootstrap) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        start.Environment["VIDEODEFECTS_OUTPUT"] = $"s3://{OutputBucket}/reports/";
        foreach (var (key, value) in S3.AwsEnvironment.Concat(extra ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("bootstrap did not start.");
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Log(string? line)
        {
            try
            {
                if (line is not null)
                {
                    log?.Invoke("bootstrap: " + line);
                }
            }
            catch (InvalidOperationException)
            {
                // The test has ended; its output is closed.
            }
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await S3.DisposeAsync();
        await _media.DisposeAsync();
        if (Bootstrap.Length > 0)
        {
            Directory.Delete(Path.GetDirectoryName(Bootstrap)!, recursive: true);
        }
    }

    private async Task PublishAsync()
    {
        // --no-build: the solution build already compiled the sample for linux-x64; publishing adds the runtime and
        // ReadyToRun code without touching binaries other test processes are using.
        var folder = Path.Combine(Path.GetTempPath(), "videodefects-bootstrap-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(Paths.RepoRoot, "samples", "VideoDefects.Samples.Lambda", "VideoDefects.Samples.Lambda.csproj");
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var (code, stdout, stderr) = await Tool.RunAsync("dotnet", ["publish", project, "-c", configuration, "--no-build", "-o", folder], TimeSpan.FromMinutes(4));
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the Lambda sample failed ({code}): {stdout}{stderr}");
        }

        Bootstrap = Path.Combine(folder, "bootstrap");
    }
}

[CollectionDefinition(Name)]
public sealed class LambdaTests : ICollectionFixture<LambdaFixture>
{
    public const string Name = "lambda";
}
