using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VideoDefects.Hosting.Worker;

/// <summary>POSTs each event as JSON to <see cref="WebhookOptions.Url"/>, retrying with back-off on failure.</summary>
internal sealed partial class WebhookSink(IHttpClientFactory clients, IOptions<VideoDefectMonitoringOptions> options, ILogger<WebhookSink> logger, TimeProvider time) : IDefectEventSink
{
    public const string ClientName = "VideoDefects.Webhook";

    public async ValueTask WriteAsync(StreamDefectEvent defect, CancellationToken cancellationToken)
    {
        var hook = options.Value.Webhook;
        if (hook.Url is null)
        {
            return;
        }

        var body = EventLine.Serialize(defect);
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; attempt <= hook.MaxAttempts; attempt++)
        {
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
                using var response = await clients.CreateClient(ClientName).PostAsync(hook.Url, content, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                WebhookFailed(logger, attempt, hook.MaxAttempts, $"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                WebhookFailed(logger, attempt, hook.MaxAttempts, e.Message);
            }

            if (attempt < hook.MaxAttempts)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Webhook attempt {Attempt} of {MaxAttempts} failed: {Reason}")]
    private static partial void WebhookFailed(ILogger logger, int attempt, int maxAttempts, string reason);
}
