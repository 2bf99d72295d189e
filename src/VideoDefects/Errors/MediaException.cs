namespace VideoDefects.Errors;

/// <summary>Why an input could not be analysed. Every subtype names the input (credentials redacted) and the cause.</summary>
public abstract class MediaException : Exception
{
    /// <summary>Creates the exception for <paramref name="input"/>.</summary>
    protected MediaException(string input, string message, Exception? innerException = null)
        : base($"{input}: {message}", innerException)
    {
        Input = input;
        Reason = message;
    }

    /// <summary>The input as given, credentials redacted.</summary>
    public string Input { get; }

    /// <summary>The cause, without the input's name.</summary>
    public string Reason { get; }
}

/// <summary>The input does not exist or cannot be reached (missing file, unknown host, closed port, HTTP 404).</summary>
public sealed class InputNotFoundException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);

/// <summary>The input is not media a decoder can read (empty, random bytes, text, truncated beyond use).</summary>
public sealed class NotMediaException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);

/// <summary>The input is media but holds no video stream (e.g. audio only).</summary>
public sealed class NoVideoStreamException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);

/// <summary>The input uses a format, layout or option this build does not support.</summary>
public sealed class UnsupportedFormatException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);

/// <summary>The input exceeds a configured limit (<see cref="MediaLimits"/>): dimensions, duration, size.</summary>
public sealed class LimitExceededException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);

/// <summary>The input stopped delivering data for longer than the configured timeout, or never started.</summary>
public sealed class InputTimeoutException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);

/// <summary>The input was refused by the input policy (protocol or address not allowed).</summary>
public sealed class InputPolicyException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);

/// <summary>The decoder itself is missing or failed for a reason that is not the input's fault.</summary>
public sealed class DecoderException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
