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
