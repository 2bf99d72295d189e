using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>A real S3 API on loopback: <c>moto_server</c>. Uses the one <c>.ci/run</c> started
/// (<c>VIDEODEFECTS_TEST_S3_ENDPOINT</c>) or starts its own; a missing moto_server fails the tests, never skips them.</summary>
public sealed class MotoServer : IAsyncLifetime
{
    private Process? _process;

    public string Endpoint { get; private set; } = string.Empty;

    public AmazonS3Client CreateClient() => new(
        new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    /// <summary>The environment a process needs to use this endpoint the standard AWS way.</summary>
    public IReadOnlyDictionary<string, string> AwsEnvironment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_S3"] = Endpoint,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
    };

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("VIDEODEFECTS_TEST_S3_ENDPOINT") is { Length: > 0 } shared)
        {
            Endpoint = shared;
        }
        else
        {
            var port = FreePort();
            _process = Process.Start(new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("moto_server did not start.");
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
        return Task.CompletedTask;
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
