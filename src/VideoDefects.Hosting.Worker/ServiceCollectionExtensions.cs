using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VideoDefects.Detectors.Registry;
using VideoDefects.Hosting.Worker;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the VideoDefects live-stream monitor in a generic host.</summary>
public static class VideoDefectMonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted service that monitors every stream in <paramref name="configuration"/> (the <c>VideoDefects</c>
    /// section: <c>Streams:N:Name</c>, <c>Streams:N:Source</c>, …), validated at start-up, with the structured-log,
    /// JSON-lines and webhook sinks, the <c>VideoDefects.Monitoring</c> meter and a <c>videodefects</c> health check.
    /// Add your own sinks as <see cref="IDefectEventSink"/> singletons, your own detectors as a <see cref="DetectorRegistry"/>
    /// singleton (e.g. <c>DetectorRegistry.Default.With(descriptor)</c>): configuration then chooses and sets them by name.
    /// </summary>
    public static IServiceCollection AddVideoDefectMonitoring(this IServiceCollection services, IConfiguration configuration, Action<VideoDefectMonitoringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<VideoDefectMonitoringOptions>()
            .Bind(configuration.GetSection(VideoDefectMonitoringOptions.SectionName))
            .ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VideoDefectMonitoringOptions>, VideoDefectMonitoringOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DetectorRegistry.Default); // register your own DetectorRegistry to add detectors
        services.AddMetrics();
        WebhookSink.AddClient(services);
        services.TryAddSingleton<MonitoringMetrics>();
        services.TryAddSingleton<StreamHealth>();
        services.TryAddSingleton<EventDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDefectEventSink, LoggerSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDefectEventSink, JsonLinesFileSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDefectEventSink, WebhookSink>());
        services.AddHealthChecks().AddCheck<StreamHealth>("videodefects");
        services.AddHostedService<VideoDefectMonitoringService>();
        return services;
    }
}
