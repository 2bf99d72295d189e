using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>A request the receiver got: its body, when it arrived (on a monotonic clock) and the status it was answered
/// with (0: not answered).</summary>
public sealed record WebhookDelivery(string Body, TimeSpan ArrivedAt, int Status);

/// <summary>
/// An HTTP receiver on loopback that answers the requests it gets in a scripted order: a status code (with optional
/// headers), or no answer at all (<see cref="Hang"/>, which the client must time out). Once the script is used up it
/// answers 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Reply> _script;
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly List<HttpListenerContext> _held = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    public WebhookReceiver(params Reply[] script)
    {
        _script = new ConcurrentQueue<Reply>(script);
        var port = MotoServer.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>A scripted answer: <see cref="Status"/> 0 means none (the request hangs).</summary>
    public sealed record Reply(int Status, params (string Name, string Value)[] Headers);

    /// <summary>The answer that never comes.</summary>
    public static Reply Hang { get; } = new(0);

    public Uri Url { get; }

    /// <summary>What arrived so far, in order.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: after Stop, Close removes the prefix again by binding the port anew, which fails with "address
        // already in use" once another test has taken the port.
        lock (_held)
        {
            foreach (var context in _held)
            {
                context.Response.Abort();
            }
        }

        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var arrived = _clock.Elapsed;
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var reply = _script.TryDequeue(out var next) ? next : new Reply(200);
        lock (_deliveries)
        {
            _deliveries.Add(new WebhookDelivery(body, arrived, reply.Status));
        }

        if (reply.Status == 0)
        {
            lock (_held)
            {
                _held.Add(context);
            }

            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.AddHeader(name, value);
        }

        context.Response.ContentLength64 = 0;
        context.Response.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client gave up on this request (it timed out) before it was read or answered.
            }
        }
    }
}
