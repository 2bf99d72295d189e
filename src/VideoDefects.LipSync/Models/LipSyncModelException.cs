namespace VideoDefects.LipSync.Models;

/// <summary>A model the lip-sync detector needs is missing, unreadable or not the expected file (its SHA-256 differs).
/// The message names the file, the directory searched and where the model is published.</summary>
public sealed class LipSyncModelException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="model">The model concerned.</param>
    /// <param name="directory">The directory it was looked for in.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public LipSyncModelException(ModelFile model, string directory, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Model = model;
        Directory = directory;
    }

    /// <summary>The model concerned.</summary>
    public ModelFile Model { get; }

    /// <summary>The directory it was looked for in.</summary>
    public string Directory { get; }
}
