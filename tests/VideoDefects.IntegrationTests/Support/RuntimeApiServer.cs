using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>What the function posted for one invocation.</summary>
public sealed record RuntimeResult(bool IsError, string Body, string? ErrorTypeHeader, DateTimeOffset PostedAt);

/// <summary>
/// The Lambda Runtime API as AWS documents it, served on loopback: <c>/next</c> long-polls for queued events and
/// hands out the request-id, deadline, ARN and trace headers; <c>/response</c>, <c>/error</c> and
/// <c>/runtime/init/error</c> complete them. It is the other side of the HTTP conversation, so the real
/// <c>bootstrap</c> runs unchanged against it.
/// </summary>
public sealed class RuntimeApiServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Id, string Body, DateTimeOffset Deadline)> _queue = Channel.CreateUnbounded<(string, string, DateTimeOffset)>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeResult>> _pending = new();
    private readonly TaskCompletionSource<DateTimeOffset> _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    public RuntimeApiServer()
    {
        var port = MotoServer.FreePort();
        Address = $"127.0.0.1:{port}";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; }

    /// <summary>When the function first asked for an event (it has finished initialising).</summary>
    public Task<DateTimeOffset> FirstPoll => _firstPoll.Task;

    public TaskCompletionSource<RuntimeResult> InitError { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? LastTraceIdSent { get; private set; }

    /// <summary>Queues an event; the task completes when the function posts its response or error.</summary>
    public Task<RuntimeResult> InvokeAsync(string body, TimeSpan? timeout = null)
    {
        var id = Guid.NewGuid().ToString();
        var done = new TaskCompletionSource<RuntimeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        _queue.Writer.TryWrite((id, body, DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(2))));
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: after Stop, Close removes the prefix again by binding the port anew, which fails with "address
        // already in use" once another test has taken the port.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
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

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        try
        {
            if (path == "/2018-06-01/runtime/invocation/next" && context.Request.HttpMethod == "GET")
            {
                _firstPoll.TrySetResult(DateTimeOffset.UtcNow);
                var (id, body, deadline) = await _queue.Reader.ReadAsync();
                LastTraceIdSent = $"Root=1-{Guid.NewGuid():N}";
                response.Headers["Lambda-Runtime-Aws-Request-Id"] = id;
                response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:videodefects";
                response.Headers["Lambda-Runtime-Trace-Id"] = LastTraceIdSent;
                await Write(response, 200, body);
                return;
            }

            var posted = await new StreamReader(context.Request.InputStream, Encoding.UTF8).ReadToEndAsync();
            var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"];
            if (path == "/2018-06-01/runtime/init/error")
            {
                InitError.TrySetResult(new RuntimeResult(true, posted, errorType, DateTimeOffset.UtcNow));
                await Write(response, 202, "{}");
                return;
            }

            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["2018-06-01", "runtime", "invocation", var requestId, var kind and ("response" or "error")]
                && _pending.TryRemove(requestId, out var pending))
            {
                pending.TrySetResult(new RuntimeResult(kind == "error", posted, errorType, DateTimeOffset.UtcNow));
                await Write(response, 202, "{}");
                return;
            }

            await Write(response, 404, "{\"errorMessage\":\"unknown request\"}");
        }
        catch (HttpListenerException)
        {
            // The function went away mid-request.
        }
    }

    private static async Task Write(HttpListenerResponse response, int status, string body)
    {
        response.StatusCode = status;
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
