using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace VideoDefects.Hosting.Lambda.Runtime;

/// <summary>
/// The documented Lambda Runtime API over plain HTTP (custom runtimes, <c>provided.al2023</c>): fetch the next
/// event, post its response or error, report an initialisation error.
/// </summary>
/// <remarks>No <c>Amazon.Lambda.*</c> package is involved; the API is four endpoints under
/// <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/</c>.</remarks>
internal sealed class RuntimeApiClient : IDisposable
{
    private const string Version = "2018-06-01";
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for the Runtime API at <paramref name="runtimeApi"/> (<c>host:port</c>, the value of
    /// <c>AWS_LAMBDA_RUNTIME_API</c>).</summary>
    /// <param name="runtimeApi">The Runtime API's <c>host:port</c>.</param>
    /// <param name="http">An <see cref="HttpClient"/> to use; by default one without a timeout, because
    /// <c>/next</c> blocks until an event arrives.</param>
    public RuntimeApiClient(string runtimeApi, HttpClient? http = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        BaseAddress = new Uri($"http://{runtimeApi}/{Version}/");
    }

    /// <summary>The API's base address (ending in <c>/2018-06-01/</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Waits for the next event (<c>GET runtime/invocation/next</c>).</summary>
    /// <exception cref="HttpRequestException">The API refused or could not be reached.</exception>
    /// <exception cref="InvalidDataException">The response lacks the request id.</exception>
    public async Task<LambdaInvocation> GetNextInvocationAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, "runtime/invocation/next"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var headers = response.Headers;
        var requestId = Header(headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidDataException("The Runtime API sent an event without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Header(headers, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(requestId, deadline, Header(headers, "Lambda-Runtime-Invoked-Function-Arn"), Header(headers, "Lambda-Runtime-Trace-Id"), body);
    }

    /// <summary>Posts the function's result (<c>POST runtime/invocation/{id}/response</c>).</summary>
    public async Task SendResponseAsync(string requestId, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(BaseAddress, $"runtime/invocation/{Uri.EscapeDataString(requestId)}/response"), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts an invocation error (<c>POST runtime/invocation/{id}/error</c>) with the
    /// <c>Lambda-Runtime-Function-Error-Type</c> header.</summary>
    public Task SendInvocationErrorAsync(string requestId, string errorType, string message, IReadOnlyList<string>? stackTrace = null, CancellationToken cancellationToken = default) =>
        PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", errorType, message, stackTrace, cancellationToken);

    /// <summary>Reports that the function could not start (<c>POST runtime/init/error</c>); Lambda then fails the
    /// pending invocation and restarts the environment.</summary>
    public Task SendInitErrorAsync(string errorType, string message, CancellationToken cancellationToken = default) =>
        PostErrorAsync("runtime/init/error", errorType, message, null, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task PostErrorAsync(string path, string errorType, string message, IReadOnlyList<string>? stackTrace, CancellationToken cancellationToken)
    {
        var error = new RuntimeError(message, errorType, stackTrace ?? []);
        using var content = new StringContent(JsonSerializer.Serialize(error, LambdaJsonContext.Default.RuntimeError), Encoding.UTF8, "application/json");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, path)) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>The error body the Runtime API documents.</summary>
internal sealed record RuntimeError(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace);
