using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using VideoDefects.Detectors.Registry;
using VideoDefects.Hosting.Orleans.Watchdog;

namespace VideoDefects.Hosting.Orleans;

/// <summary>Registers the VideoDefects grains on silos and clients.</summary>
public static class VideoDefectsOrleans
{
    /// <summary>The grain storage the monitors use; register one under this name that survives a silo (Redis,
    /// a database) — memory storage dies with the silo that holds it.</summary>
    public const string StorageName = "videodefects";

    /// <summary>Adds the monitor watchdog and options, and the built-in detectors unless a <see cref="DetectorRegistry"/>
    /// singleton is registered (requests choose and set detectors by name from it; every silo needs the same). Grain storage named <see cref="StorageName"/> is required, e.g.
    /// <c>silo.AddRedisGrainStorage(VideoDefectsOrleans.StorageName, o => o.ConfigurationOptions = …)</c>.</summary>
    public static ISiloBuilder AddVideoDefects(this ISiloBuilder silo, Action<VideoDefectsOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<VideoDefectsOrleansOptions>().Configure(o => configure?.Invoke(o));
        silo.Services.AddHostedService<MonitorWatchdog>();
        silo.Services.TryAddSingleton(DetectorRegistry.Default); // register your own DetectorRegistry to add detectors
        AddExceptions(silo.Services);
        return silo;
    }

    /// <summary>Makes the VideoDefects grain interfaces and types known to a client.</summary>
    public static IClientBuilder AddVideoDefects(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Services.AddSerializer(s => s.AddAssembly(typeof(VideoDefectsOrleans).Assembly));
        AddExceptions(client.Services);
        return client;
    }

    /// <summary>Lets the library's errors (bad detector options, an input that is not media, …) reach the caller with
    /// their type and message: Orleans serializes only exceptions of the namespaces it is told of.</summary>
    private static void AddExceptions(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("VideoDefects"));
}
