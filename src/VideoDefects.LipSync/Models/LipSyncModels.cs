using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VideoDefects.LipSync.Models;

/// <summary>Finds the models in a directory and checks that each is the file the detector was built for.</summary>
public static class LipSyncModels
{
    /// <summary>The environment variable naming the models directory when the options do not:
    /// <c>VIDEODEFECTS_MODELS</c>.</summary>
    public const string DirectoryVariable = "VIDEODEFECTS_MODELS";

    // Hashing 5 MB once per process, not once per stream: a worker starts a detector per stream and per reconnect.
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> Verified = new();

    /// <summary>The models directory: <paramref name="configured"/> when given, else <see cref="DirectoryVariable"/>.</summary>
    /// <exception cref="LipSyncModelException">Neither names a directory.</exception>
    public static string ResolveDirectory(string? configured)
    {
        var directory = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable(DirectoryVariable) : configured;
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new LipSyncModelException(ModelFile.FaceDetector, "", $"The lip-sync detector needs its models directory: give it (CLI --models DIR, option modelsDirectory) or set {DirectoryVariable}. {WhereToGet()}");
        }

        return Path.GetFullPath(directory);
    }

    /// <summary>The full path of <paramref name="model"/> in <paramref name="directory"/>, after checking it exists and
    /// has the expected SHA-256.</summary>
    /// <exception cref="LipSyncModelException">Missing, unreadable, or another file.</exception>
    public static string Locate(ModelFile model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory, model.FileName);
        FileInfo file = new(path);
        if (!file.Exists)
        {
            throw new LipSyncModelException(model, directory, $"The lip-sync model '{model.FileName}' ({model.What}) is not in '{directory}'. It is published in {model.PublishedAt} ({model.Licence}).");
        }

        var key = (file.FullName, file.Length, file.LastWriteTimeUtc);
        if (Verified.TryGetValue(key, out var known) && known == model.Sha256)
        {
            return file.FullName;
        }

        string actual;
        try
        {
            using var stream = file.OpenRead();
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LipSyncModelException(model, directory, $"The lip-sync model '{file.FullName}' cannot be read: {e.Message}", e);
        }

        if (actual != model.Sha256)
        {
            throw new LipSyncModelException(model, directory, $"'{file.FullName}' is not the expected {model.What}: its SHA-256 is {actual}, not {model.Sha256}. Get it from {model.PublishedAt}.");
        }

        Verified[key] = actual;
        return file.FullName;
    }

    private static string WhereToGet() => "The models are published in: " + string.Join("; ", ModelFile.All.Select(m => $"{m.FileName}: {m.PublishedAt} ({m.Licence})")) + ".";
}
