namespace VideoDefects.Cli;

/// <summary>A mistake in the command line that parsing alone cannot see (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
