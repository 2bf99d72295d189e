using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using StackExchange.Redis;
using VideoDefects.Hosting.Orleans;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Orleans;

/// <summary>A real 3-silo in-process Orleans cluster whose grain storage is a real Redis (Debian's redis-server,
/// the one <c>.ci/run</c> started via <c>VIDEODEFECTS_TEST_REDIS</c>, or one started here). A missing redis-server
/// fails the tests; nothing is skipped.</summary>
public sealed class OrleansFixture : IAsyncLifetime
{
    private Process? _redis;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string Redis { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Redis = Environment.GetEnvironmentVariable("VIDEODEFECTS_TEST_REDIS") is { Length: > 0 } shared ? shared : StartRedis();
        await WaitForRedisAsync();
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo
            // Declare a dead silo dead within seconds (production keeps Orleans' slower defaults).
            .Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            })
            .AddRedisGrainStorage(VideoDefectsOrleans.StorageName, o => o.ConfigurationOptions = ConfigurationOptions.Parse(Redis))
            .AddVideoDefects(o => o.WatchdogInterval = TimeSpan.FromSeconds(2))
            .ConfigureServices(services => services.AddSingleton(DarkFrame.Registry))); // the built-in detectors and a test one
        builder.ConfigureClient(client => client.AddVideoDefects());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (_redis is { HasExited: false })
        {
            _redis.Kill();
        }

        _redis?.Dispose();
    }

    private string StartRedis()
    {
        var port = MotoServer.FreePort();
        _redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _redis.OutputDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        return $"127.0.0.1:{port}";
    }

    private async Task WaitForRedisAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var connection = await ConnectionMultiplexer.ConnectAsync(Redis);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(200);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OrleansTests : ICollectionFixture<OrleansFixture>
{
    public const string Name = "orleans";
}
