using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using VideoDefects.Hosting.Orleans.Watchdog;

namespace VideoDefects.Hosting.Orleans;

/// <summary>Registers the VideoDefects grains on silos and clients.</summary>
public static class VideoDefectsOrleans
{
    /// <summary>The grain storage the monitors use; register one under this name that survives a silo (Redis,
    /// a database) — memory storage dies with the silo that holds it.</summary>
    public const string StorageName = "videodefects";

    /// <summary>Adds the monitor watchdog and options. Grain storage named <see cref="StorageName"/> is required, e.g.
    /// <c>silo.AddRedisGrainStorage(VideoDefectsOrleans.StorageName, o => o.ConfigurationOptions = …)</c>.</summary>
    public static ISiloBuilder AddVideoDefects(this ISiloBuilder silo, Action<VideoDefectsOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<VideoDefectsOrleansOptions>().Configure(o => configure?.Invoke(o));
        silo.Services.AddHostedService<MonitorWatchdog>();
        return silo;
    }

    /// <summary>Makes the VideoDefects grain interfaces and types known to a client.</summary>
    public static IClientBuilder AddVideoDefects(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Services.AddSerializer(s => s.AddAssembly(typeof(VideoDefectsOrleans).Assembly));
        return client;
    }
}
