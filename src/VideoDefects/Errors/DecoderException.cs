namespace VideoDefects.Errors;

/// <summary>The decoder itself is missing or failed for a reason that is not the input's fault.</summary>
public sealed class DecoderException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
