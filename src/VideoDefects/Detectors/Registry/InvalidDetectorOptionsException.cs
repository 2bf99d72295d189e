namespace VideoDefects.Detectors.Registry;

/// <summary>A detector's options could not be read or are out of range; names the detector.</summary>
public sealed class InvalidDetectorOptionsException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="detector">The detector's name.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public InvalidDetectorOptionsException(string detector, string reason, Exception? inner = null)
        : base($"Options of detector '{detector}': {reason}", inner) => Detector = detector;

    /// <summary>Creates the error without a detector name (serialization and tooling).</summary>
    public InvalidDetectorOptionsException()
        : this("?", "invalid.")
    {
    }

    /// <summary>Creates the error without a detector name.</summary>
    public InvalidDetectorOptionsException(string message)
        : base(message) => Detector = "?";

    /// <summary>Creates the error without a detector name.</summary>
    public InvalidDetectorOptionsException(string message, Exception inner)
        : base(message, inner) => Detector = "?";

    /// <summary>The detector whose options are wrong.</summary>
    public string Detector { get; }
}
