namespace VideoDefects.Errors;

/// <summary>The input exceeds a configured limit (<see cref="MediaLimits"/>): dimensions, duration, size.</summary>
public sealed class LimitExceededException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
