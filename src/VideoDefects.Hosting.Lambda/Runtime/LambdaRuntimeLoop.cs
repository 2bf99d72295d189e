namespace VideoDefects.Hosting.Lambda.Runtime;

/// <summary>
/// The custom-runtime event loop: fetch an event, run the handler, post its response — or its error, and keep
/// serving. Only losing the Runtime API itself (it is gone for good) ends the loop.
/// </summary>
/// <param name="client">The Runtime API.</param>
/// <param name="handler">Turns one invocation into the response JSON; throws <see cref="FunctionException"/> (or any
/// exception) to report an error for that invocation only.</param>
/// <param name="log">Where one line per failure goes (CloudWatch reads stderr); defaults to <see cref="Console.Error"/>.</param>
internal sealed class LambdaRuntimeLoop(
    RuntimeApiClient client,
    Func<LambdaInvocation, CancellationToken, Task<string>> handler,
    TextWriter? log = null)
{
    private const int MaxConsecutiveApiFailures = 5;
    private readonly TextWriter _log = log ?? Console.Error;

    /// <summary>Serves events until <paramref name="cancellationToken"/> is cancelled or the Runtime API fails
    /// <see cref="MaxConsecutiveApiFailures"/> times in a row.</summary>
    /// <returns>0 after cancellation; 1 when the Runtime API could not be reached.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            LambdaInvocation invocation;
            try
            {
                invocation = await client.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidDataException)
            {
                // The API runs beside us; a few retries cover a hiccup, more means the environment is gone.
                if (++failures >= MaxConsecutiveApiFailures)
                {
                    await _log.WriteLineAsync($"videodefects: the Runtime API at {client.BaseAddress} failed {failures} times: {e.Message}").ConfigureAwait(false);
                    return 1;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 * failures), cancellationToken).ConfigureAwait(false);
                continue;
            }

            await ServeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private async Task ServeAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        // The X-Ray convention: SDK calls made while handling this event join its trace.
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        try
        {
            string response;
            try
            {
                response = await handler(invocation, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var type = e is FunctionException f ? f.ErrorType : e.GetType().Name;
                await _log.WriteLineAsync($"videodefects: request {invocation.RequestId} failed: {type}: {e.Message}").ConfigureAwait(false);
                await client.SendInvocationErrorAsync(invocation.RequestId, type, e.Message, StackOf(e), cancellationToken).ConfigureAwait(false);
                return;
            }

            await client.SendResponseAsync(invocation.RequestId, response, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // Posting failed (e.g. the invocation already timed out on Lambda's side): the next /next call decides.
            await _log.WriteLineAsync($"videodefects: could not post the result of {invocation.RequestId}: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>Frames of the failure's stack, without file paths or locals: enough to find the code, nothing of the
    /// input.</summary>
    private static string[] StackOf(Exception e) =>
        e is FunctionException ? [] : (e.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
