using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace VideoDefects.Hosting.Worker;

/// <summary>POSTs each event as JSON to <see cref="WebhookOptions.Url"/>. Retries, back-off, <c>Retry-After</c> and
/// timeouts are the standard resilience handler's (<see cref="AddClient"/>); what it finally could not deliver is
/// logged and dropped, so one dead receiver never holds up the other sinks.</summary>
internal sealed partial class WebhookSink(IHttpClientFactory clients, IOptions<VideoDefectMonitoringOptions> options, ILogger<WebhookSink> logger) : IDefectEventSink
{
    public const string ClientName = "VideoDefects.Webhook";

    /// <summary>Registers the webhook's named <see cref="HttpClient"/> with the standard resilience handler, set from
    /// <see cref="WebhookOptions"/>: only transient failures (timeouts, connection errors, 408, 429, 5xx) are retried,
    /// after <c>Retry-After</c> when the receiver sends one, else after a jittered exponential back-off.</summary>
    public static void AddClient(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // the handler's timeouts rule
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                var hook = provider.GetRequiredService<IOptions<VideoDefectMonitoringOptions>>().Value.Webhook;
                resilience.AttemptTimeout.Timeout = hook.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = hook.DeliveryTimeout;
                resilience.Retry.MaxRetryAttempts = Math.Max(1, hook.MaxAttempts - 1);
                resilience.Retry.Delay = hook.RetryDelay;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldRetryAfterHeader = true;
                if (hook.MaxAttempts == 1)
                {
                    resilience.Retry.ShouldHandle = static _ => PredicateResult.False();
                }

                // The breaker samples over at least two attempts (the handler refuses anything shorter).
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * hook.AttemptTimeout.Ticks));
            });
    }

    public async ValueTask WriteAsync(StreamDefectEvent defect, CancellationToken cancellationToken)
    {
        var hook = options.Value.Webhook;
        if (hook.Url is null)
        {
            return;
        }

        try
        {
            using var content = new StringContent(EventLine.Serialize(defect), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await clients.CreateClient(ClientName).PostAsync(hook.Url, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                WebhookDropped(logger, defect.Stream, defect.Event.Kind.ToString(), $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            WebhookDropped(logger, defect.Stream, defect.Event.Kind.ToString(), e.Message);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Webhook could not deliver the {Kind} event of stream {Stream}, dropped: {Reason}")]
    private static partial void WebhookDropped(ILogger logger, string stream, string kind, string reason);
}
