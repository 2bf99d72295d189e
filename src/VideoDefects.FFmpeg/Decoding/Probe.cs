using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>
/// Runs <c>ffprobe</c> once on an input and reads the container and its streams from its JSON.
/// </summary>
/// <remarks>FFMpegCore's <c>FFProbe.AnalyseAsync</c> reads the same JSON, but first runs <c>ffprobe -version</c> and
/// then parses with reflection: ≈0.14 s of start-up before every analysis (measured on a 2-core machine: 80 ms for the
/// version check, 60 ms for the cold parse), a tenth of what a 20 s clip costs to decode. Decoding still goes through
/// FFMpegCore; a missing binary still fails at process start with a clear error.</remarks>
internal static class Probe
{
    /// <summary>More than any real input's description (thousands of streams or chapters would be hostile).</summary>
    private const int MaxOutputChars = 8 << 20;
    private const int MaxLogChars = 64 << 10;

    /// <summary>Probes <paramref name="input"/>; <paramref name="inputArguments"/> go before it (the input policy).</summary>
    /// <exception cref="ProbeFailedException">ffprobe failed; its log says why.</exception>
    /// <exception cref="JsonException">ffprobe's answer was not its JSON.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">ffprobe could not be started.</exception>
    public static async Task<ProbeResult> RunAsync(string ffprobe, string input, IEnumerable<string> inputArguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ffprobe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // never the console's: ffprobe must not read keys
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in (string[])["-v", "error", "-print_format", "json", "-show_format", "-show_streams"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in inputArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(input);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe did not start.");
        process.StandardInput.Close();
        try
        {
            var output = ReadCappedAsync(process.StandardOutput, MaxOutputChars, cancellationToken);
            var log = ReadCappedAsync(process.StandardError, MaxLogChars, cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var (json, complete) = await output.ConfigureAwait(false);
            var (errors, _) = await log.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new ProbeFailedException(errors);
            }

            if (!complete)
            {
                throw new ProbeFailedException($"the description exceeds {MaxOutputChars >> 20} MB");
            }

            var parsed = JsonSerializer.Deserialize(json, ProbeJsonContext.Default.ProbeOutput) ?? throw new JsonException("ffprobe printed null.");
            return new ProbeResult(parsed);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Reads to the end, keeping at most <paramref name="max"/> characters (and draining the rest, so the
    /// child never blocks on a full pipe).</summary>
    private static async Task<(string Text, bool Complete)> ReadCappedAsync(StreamReader reader, int max, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[16 << 10];
        int n;
        while ((n = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (text.Length < max)
            {
                text.Append(buffer, 0, Math.Min(n, max - text.Length));
            }
        }

        return (text.ToString(), text.Length < max);
    }
}

/// <summary>What <see cref="Probe"/> found: the first video and audio streams (by index, as FFmpeg's default
/// mapping takes them) and the longest duration reported.</summary>
internal sealed class ProbeResult
{
    public ProbeResult(ProbeOutput output)
    {
        var streams = output.Streams ?? [];
        PrimaryVideo = streams.Where(s => s.CodecType == "video").OrderBy(s => s.Index).FirstOrDefault();
        PrimaryAudio = streams.Where(s => s.CodecType == "audio").OrderBy(s => s.Index).FirstOrDefault();
        var durations = new[] { output.Format?.Duration, PrimaryVideo?.Duration, PrimaryAudio?.Duration };
        Duration = TimeSpan.FromSeconds(durations.Select(ProbeNumbers.Seconds).Max());
    }

    public ProbeStream? PrimaryVideo { get; }

    public ProbeStream? PrimaryAudio { get; }

    /// <summary>The longest of the container's and the two streams' durations; zero when none is known (live).</summary>
    public TimeSpan Duration { get; }
}

/// <summary>ffprobe's JSON, as much of it as the analysis needs.</summary>
internal sealed record ProbeOutput(
    [property: JsonPropertyName("streams")] IReadOnlyList<ProbeStream>? Streams,
    [property: JsonPropertyName("format")] ProbeFormat? Format);

/// <summary>The container.</summary>
internal sealed record ProbeFormat([property: JsonPropertyName("duration")] string? Duration);

/// <summary>One stream.</summary>
internal sealed record ProbeStream(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("codec_type")] string? CodecType,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height,
    [property: JsonPropertyName("pix_fmt")] string? PixelFormat,
    [property: JsonPropertyName("r_frame_rate")] string? RealFrameRate,
    [property: JsonPropertyName("avg_frame_rate")] string? AverageFrameRate,
    [property: JsonPropertyName("start_time")] string? StartTime,
    [property: JsonPropertyName("duration")] string? Duration,
    [property: JsonPropertyName("channels")] int? Channels)
{
    /// <summary>The stream's first timestamp in seconds (0 when ffprobe does not know it).</summary>
    public double StartSeconds => ProbeNumbers.Seconds(StartTime);
}

/// <summary>ffprobe's numbers come as strings: seconds ("12.480000", "N/A") and rates ("30000/1001", "0/0").</summary>
internal static class ProbeNumbers
{
    public static double Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) ? seconds : 0;

    /// <summary>A rate "num/den" (or a plain number) as a double; NaN when it is not one (0/0 included).</summary>
    public static double Rate(string? value)
    {
        if (value is null)
        {
            return double.NaN;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : double.NaN;
        }

        return double.TryParse(value.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(value.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var den)
            ? num / den
            : double.NaN;
    }
}

/// <summary>ffprobe exited with an error; <see cref="Exception.Message"/> is its log.</summary>
internal sealed class ProbeFailedException(string log) : Exception(log);

[JsonSerializable(typeof(ProbeOutput))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
