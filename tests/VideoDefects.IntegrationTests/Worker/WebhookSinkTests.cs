using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoDefects.Analysis;
using VideoDefects.Hosting.Worker;

namespace VideoDefects.IntegrationTests.Worker;

public class WebhookSinkTests
{
    [Fact]
    public async Task An_event_is_posted_as_json_and_retried_after_a_server_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var bodies = new List<string>();
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[16384];
                var got = 0;
                string request;
                do
                {
                    got += await stream.ReadAsync(buffer.AsMemory(got));
                    request = Encoding.UTF8.GetString(buffer, 0, got);
                }
                while (!request.Contains("\r\n\r\n", StringComparison.Ordinal) || !request.TrimEnd().EndsWith('}'));

                bodies.Add(request[(request.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
                var status = i == 0 ? "500 Internal Server Error" : "200 OK";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            }
        });

        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var options = Options.Create(new VideoDefectMonitoringOptions
        {
            Webhook = new WebhookOptions { Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook"), MaxAttempts = 3 },
        });
        var sink = new WebhookSink(services.GetRequiredService<IHttpClientFactory>(), options, NullLogger<WebhookSink>.Instance, TimeProvider.System);
        var defect = new DefectEvent { Kind = DefectKind.FrozenFrame, Start = 1, End = 2.5, Confidence = 0.9, Detector = "frozen" };
        await sink.WriteAsync(new StreamDefectEvent("channel-1", defect, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await server.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, bodies.Count);
        using var json = JsonDocument.Parse(bodies[1]);
        Assert.Equal("channel-1", json.RootElement.GetProperty("stream").GetString());
        Assert.Equal("frozenFrame", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(2.5, json.RootElement.GetProperty("end").GetDouble());
    }
}
