// A VideoDefects cluster on one machine or many, clustered and persisted through Redis:
//   dotnet run -- silo 0            (then `silo 1`, `silo 2` in other terminals: a 3-silo cluster)
//   dotnet run -- analyze clip.mp4  (fan a file out over the cluster; prints the stitched report)
//   dotnet run -- monitor cam1 udp://127.0.0.1:23000   (monitor a live stream; Ctrl+C stops it)
// REDIS (default 127.0.0.1:6379) names the Redis server every silo and client shares.
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using VideoDefects.Hosting.Orleans;
using VideoDefects.Reports;

var redis = Environment.GetEnvironmentVariable("REDIS") ?? "127.0.0.1:6379";
switch (args)
{
    case ["silo", var n]:
        var instance = int.Parse(n, CultureInfo.InvariantCulture);
        var silo = Host.CreateApplicationBuilder();
        silo.UseOrleans(o => o
            .UseRedisClustering(redis)
            .ConfigureEndpoints(IPAddress.Loopback, 11111 + instance, 30000 + instance)
            .AddRedisGrainStorage(VideoDefectsOrleans.StorageName, s => s.ConfigurationOptions = ConfigurationOptions.Parse(redis))
            .AddVideoDefects());
        await silo.Build().RunAsync();
        return 0;

    case ["analyze", var file]:
        using (var client = await ConnectAsync(redis))
        {
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var report = await grains.GetGrain<IVideoAnalysisGrain>(Guid.NewGuid().ToString()).AnalyzeAsync(new FanOutRequest { Source = Path.GetFullPath(file) });
            Console.WriteLine(ReportJson.Serialize(report));
        }

        return 0;

    case ["monitor", var stream, var source]:
        using (var client = await ConnectAsync(redis))
        {
            var monitor = client.Services.GetRequiredService<IClusterClient>().GetGrain<IStreamMonitorGrain>(stream);
            await monitor.StartAsync(new MonitorConfig { Source = source });
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            long seen = 0;
            while (!stop.IsCancellationRequested)
            {
                foreach (var stored in await monitor.GetEventsAsync(seen))
                {
                    Console.WriteLine(ReportJson.SerializeEventLine(stored.Event));
                    seen = stored.Sequence;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }

            await monitor.StopAsync();
        }

        return 0;

    default:
        Console.Error.WriteLine("usage: silo N | analyze FILE | monitor STREAM-ID SOURCE   (REDIS=host:port)");
        return 2;
}

static async Task<IHost> ConnectAsync(string redis)
{
    var builder = Host.CreateApplicationBuilder();
    builder.UseOrleansClient(c => c.UseRedisClustering(redis).AddVideoDefects());
    var host = builder.Build();
    await host.StartAsync();
    return host;
}
