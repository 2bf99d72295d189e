namespace VideoDefects.Errors;

/// <summary>The input was refused by the input policy (protocol or address not allowed).</summary>
public sealed class InputPolicyException(string input, string message, Exception? innerException = null)
    : MediaException(input, message, innerException);
