namespace VideoDefects.Hosting.Lambda.Runtime;

/// <summary>A failure a handler reports to Lambda with a chosen <c>errorType</c> (for example
/// <c>Function.InvalidInput</c> for an event the function cannot use). The runtime loop turns it into an error
/// response and goes on serving.</summary>
public sealed class FunctionException : Exception
{
    /// <summary>The error type for an event the function cannot use (malformed JSON, a refused source).</summary>
    public const string InvalidInput = "Function.InvalidInput";

    /// <summary>Creates the exception.</summary>
    /// <param name="errorType">What Lambda records as <c>errorType</c>, e.g. <see cref="InvalidInput"/>.</param>
    /// <param name="message">Says what was wrong, naming the input; never the content of what was read.</param>
    /// <param name="innerException">The cause, if any.</param>
    public FunctionException(string errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        ErrorType = errorType;
    }

    /// <summary>The <c>errorType</c> reported to Lambda.</summary>
    public string ErrorType { get; }
}
