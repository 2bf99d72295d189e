using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>A real S3 API on loopback: <c>moto_server</c>, or <c>s3rver</c> (npm) where moto cannot be installed (it
/// comes from PyPI, which not every machine reaches). Uses the one <c>.ci/test</c> started
/// (<c>VIDEODEFECTS_TEST_S3_ENDPOINT</c>) or starts its own; with neither installed the tests fail, never skip.
/// Credentials are s3rver's fixed pair (moto accepts any); uploads go without aws-chunked framing, which s3rver would
/// store as part of the object.</summary>
public sealed class MotoServer : IAsyncLifetime
{
    private Process? _process;
    private DirectoryInfo? _data;

    public string Endpoint { get; private set; } = string.Empty;

    public AmazonS3Client CreateClient() => new(
        new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>The environment a process needs to use this endpoint the standard AWS way.</summary>
    public IReadOnlyDictionary<string, string> AwsEnvironment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_S3"] = Endpoint,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_REQUEST_CHECKSUM_CALCULATION"] = "when_required",
        ["AWS_RESPONSE_CHECKSUM_VALIDATION"] = "when_required",
    };

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("VIDEODEFECTS_TEST_S3_ENDPOINT") is { Length: > 0 } shared)
        {
            Endpoint = shared;
        }
        else
        {
            var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var start = OnPath("moto_server")
                ? new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port])
                : new ProcessStartInfo("s3rver", ["-d", (_data = Directory.CreateTempSubdirectory("videodefects-s3-")).FullName, "-a", "127.0.0.1", "-p", port, "--silent"]);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            _process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Endpoint = $"http://127.0.0.1:{port}";
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint + "/"));
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < until)
            {
                await Task.Delay(200);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        _data?.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, program)));

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
