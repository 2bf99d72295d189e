namespace VideoDefects.Errors;

/// <summary>The input is media but holds no video stream (e.g. audio only).</summary>
public sealed class NoVideoStreamException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
