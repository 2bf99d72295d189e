namespace VideoDefects.Errors;

/// <summary>The input does not exist or cannot be reached (missing file, unknown host, closed port, HTTP 404).</summary>
public sealed class InputNotFoundException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
