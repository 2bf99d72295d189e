namespace VideoDefects.Errors;

/// <summary>The input stopped delivering data for longer than the configured timeout, or never started.</summary>
public sealed class InputTimeoutException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
