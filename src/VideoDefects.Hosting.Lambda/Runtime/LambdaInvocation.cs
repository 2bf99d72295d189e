namespace VideoDefects.Hosting.Lambda.Runtime;

/// <summary>One event handed out by the Lambda Runtime API (<c>GET /2018-06-01/runtime/invocation/next</c>).</summary>
/// <param name="RequestId">The <c>Lambda-Runtime-Aws-Request-Id</c> header: where the response goes.</param>
/// <param name="Deadline">The <c>Lambda-Runtime-Deadline-Ms</c> header: when Lambda stops the function.</param>
/// <param name="FunctionArn">The <c>Lambda-Runtime-Invoked-Function-Arn</c> header.</param>
/// <param name="TraceId">The <c>Lambda-Runtime-Trace-Id</c> header (X-Ray), or <see langword="null"/>.</param>
/// <param name="Body">The event, as the JSON text it came in.</param>
internal sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, string? FunctionArn, string? TraceId, string Body);
