namespace VideoDefects.Errors;

/// <summary>The input is not media a decoder can read (empty, random bytes, text, truncated beyond use).</summary>
public sealed class NotMediaException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
