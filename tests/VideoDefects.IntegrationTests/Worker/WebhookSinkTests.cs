using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VideoDefects.Analysis;
using VideoDefects.Hosting.Worker;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Worker;

/// <summary>The webhook sink as the worker registers it (named client + standard resilience handler), against a real
/// HTTP receiver on loopback.</summary>
public class WebhookSinkTests
{
    private static readonly DefectEvent Frozen = new() { Kind = DefectKind.FrozenFrame, Start = 1, End = 2.5, Confidence = 0.9, Detector = "frozen" };

    [Fact]
    public async Task An_event_is_posted_as_json_and_retried_after_a_server_error()
    {
        await using var receiver = new WebhookReceiver(new WebhookReceiver.Reply(500));
        await Deliver(receiver, new WebhookOptions { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(20) });

        Assert.Equal([500, 200], receiver.Deliveries.Select(d => d.Status));
        using var json = JsonDocument.Parse(receiver.Deliveries[1].Body);
        Assert.Equal("channel-1", json.RootElement.GetProperty("stream").GetString());
        Assert.Equal("frozenFrame", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(2.5, json.RootElement.GetProperty("end").GetDouble());
    }

    [Fact]
    public async Task A_receiver_that_times_out_once_gets_the_event_on_the_next_attempt()
    {
        await using var receiver = new WebhookReceiver(WebhookReceiver.Hang);
        await Deliver(receiver, new WebhookOptions { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromMilliseconds(500) });

        // A timed-out attempt the receiver never got to read is not seen here, so the count is not fixed; the order is:
        // the request it held unanswered, then the same event again, answered.
        var deliveries = receiver.Deliveries;
        var held = deliveries.ToList().FindIndex(d => d.Status == 0);
        Assert.True(held >= 0, "no attempt was held unanswered");
        Assert.Equal(200, deliveries[^1].Status);
        Assert.True(deliveries.Count - 1 > held, "nothing was retried after the attempt timed out");
        Assert.Equal(deliveries[held].Body, deliveries[^1].Body);
    }

    [Fact]
    public async Task A_client_error_is_final_and_not_retried()
    {
        await using var receiver = new WebhookReceiver(new WebhookReceiver.Reply(400));
        await Deliver(receiver, new WebhookOptions { MaxAttempts = 4, RetryDelay = TimeSpan.FromMilliseconds(20) });

        // The delivery has finished (every retry would have happened inside it): one request only.
        Assert.Single(receiver.Deliveries);
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        await using var receiver = new WebhookReceiver(new WebhookReceiver.Reply(503, ("Retry-After", "2")));
        await Deliver(receiver, new WebhookOptions { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(20) });

        // The back-off alone would have waited some 20 ms; the receiver asked for 2 s, counted from its answer (which
        // left after the first request arrived), so the gap has this lower bound however loaded the machine is.
        Assert.Equal(2, receiver.Deliveries.Count);
        Assert.True(receiver.Deliveries[1].ArrivedAt - receiver.Deliveries[0].ArrivedAt >= TimeSpan.FromSeconds(1.9), "the retry did not wait for Retry-After");
    }

    [Fact]
    public async Task A_receiver_that_never_answers_drops_the_event_after_the_attempts_without_throwing()
    {
        await using var receiver = new WebhookReceiver(WebhookReceiver.Hang, WebhookReceiver.Hang, WebhookReceiver.Hang);
        await Deliver(receiver, new WebhookOptions { MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromMilliseconds(300) });

        // Returned without an exception after at most the two attempts (one may time out before the receiver reads it).
        Assert.InRange(receiver.Deliveries.Count, 1, 2);
        Assert.All(receiver.Deliveries, d => Assert.Equal(0, d.Status));
    }

    private static async Task Deliver(WebhookReceiver receiver, WebhookOptions hook)
    {
        hook.Url = receiver.Url;
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(Options.Create(new VideoDefectMonitoringOptions { Webhook = hook }));
        WebhookSink.AddClient(services);
        services.AddSingleton<WebhookSink>();
        await using var provider = services.BuildServiceProvider();
        var sink = provider.GetRequiredService<WebhookSink>();
        await sink.WriteAsync(new StreamDefectEvent("channel-1", Frozen, DateTimeOffset.UnixEpoch), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
    }
}
