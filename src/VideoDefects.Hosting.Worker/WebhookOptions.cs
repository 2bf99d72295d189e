namespace VideoDefects.Hosting.Worker;

/// <summary>The HTTP webhook.</summary>
public sealed class WebhookOptions
{
    /// <summary>URL each event is POSTed to as JSON. Empty: no webhook.</summary>
    public Uri? Url { get; set; }

    /// <summary>Attempts per event before it is dropped (logged). Only transient failures are retried — a timeout, a
    /// connection error, HTTP 408, 429 or 5xx — after the delay the receiver asks for in <c>Retry-After</c>, else
    /// after an exponential, jittered back-off from <see cref="RetryDelay"/>; any other answer (e.g. 400) is final.
    /// Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First back-off between attempts (doubled each time, with jitter). Default 0.5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one attempt may take before it counts as failed (and is retried). Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the delivery of one event may take, all attempts and waits included. Default 2 min.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
