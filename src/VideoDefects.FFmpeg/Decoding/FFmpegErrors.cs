using VideoDefects.Errors;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>Turns what FFmpeg or ffprobe printed into the typed error a user can act on.</summary>
internal static class FFmpegErrors
{
    private static readonly (string Needle, Func<string, string, MediaException> Make)[] Rules =
    [
        // FFmpeg older than 5.1 does not know options we pass (-fps_mode came in 5.1): say so, not "not media".
        ("Unrecognized option", (i, m) => new DecoderException(i, $"FFmpeg is too old ({m}); VideoDefects needs FFmpeg 5.1 or newer (e.g. apt-get install ffmpeg).")),
        ("Unknown encoder", (i, m) => new DecoderException(i, $"this FFmpeg lacks an encoder ({m}); install a full build (e.g. apt-get install ffmpeg).")),
        ("not on whitelist", (i, m) => new InputPolicyException(i, $"refused by the input policy ({m}).")),
        ("No such file or directory", (i, m) => new InputNotFoundException(i, "no such file or directory.")),
        ("Connection refused", (i, m) => new InputNotFoundException(i, "connection refused.")),
        ("Failed to resolve hostname", (i, m) => new InputNotFoundException(i, "host name not found.")),
        ("Name or service not known", (i, m) => new InputNotFoundException(i, "host name not found.")),
        ("404 Not Found", (i, m) => new InputNotFoundException(i, "HTTP 404 Not Found.")),
        ("HTTP error", (i, m) => new InputNotFoundException(i, $"HTTP error ({m}).")),
        ("Permission denied", (i, m) => new InputNotFoundException(i, "permission denied.")),
        ("timed out", (i, m) => new InputTimeoutException(i, "timed out waiting for data.")),
        ("Operation timed out", (i, m) => new InputTimeoutException(i, "timed out waiting for data.")),
        ("matches no streams", (i, m) => new NoVideoStreamException(i, "no video stream.")),
        ("does not contain any stream", (i, m) => new NoVideoStreamException(i, "no video stream.")),
        ("moov atom not found", (i, m) => new NotMediaException(i, "not playable media: the MP4 index (moov atom) is missing, the file is probably truncated.")),
        ("Invalid data found when processing input", (i, m) => new NotMediaException(i, "not media FFmpeg can read (invalid data).")),
        ("could not find codec parameters", (i, m) => new NotMediaException(i, "no decodable stream (could not find codec parameters).")),
        ("Invalid argument", (i, m) => new NotMediaException(i, $"FFmpeg refused the input ({m}).")),
    ];

    /// <summary>The typed error for FFmpeg's output <paramref name="log"/> about <paramref name="input"/>.</summary>
    public static MediaException FromLog(string input, string log, string fallback)
    {
        var lastLine = LastMeaningfulLine(log);
        foreach (var (needle, make) in Rules)
        {
            if (log.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return make(input, lastLine);
            }
        }

        return new NotMediaException(input, string.IsNullOrWhiteSpace(lastLine) ? fallback : $"{fallback} ({lastLine}).");
    }

    private static string LastMeaningfulLine(string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i];
            if (!line.StartsWith("ffprobe exited", StringComparison.Ordinal) && !line.StartsWith("Conversion failed", StringComparison.Ordinal))
            {
                // Drop the input path from FFmpeg's "path: message" so the redacted name is the only one shown.
                var colon = line.LastIndexOf(": ", StringComparison.Ordinal);
                return InputName.Redact(colon >= 0 ? line[(colon + 2)..] : line);
            }
        }

        return "";
    }
}
