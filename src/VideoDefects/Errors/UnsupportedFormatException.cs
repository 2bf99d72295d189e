namespace VideoDefects.Errors;

/// <summary>The input uses a format, layout or option this build does not support.</summary>
public sealed class UnsupportedFormatException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
