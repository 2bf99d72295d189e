using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using VideoDefects.Analysis;
using VideoDefects.Errors;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>Picks the video decoders' complaints out of FFmpeg's log and queues them as <see cref="DecoderNote"/>s
/// for the analysis, stamped with how many frames had been delivered when they came.</summary>
internal sealed partial class DecoderLog
{
    /// <summary>A corrupt stream can print one line per macroblock: keep a bounded number per source.</summary>
    private const int MaxQueued = 2000;
    private static readonly HashSet<string> Decoders = new(StringComparer.Ordinal)
    {
        "h264", "hevc", "vp8", "vp9", "av1", "libdav1d", "mpeg2video", "mpeg1video", "mpeg4", "h263", "mjpeg", "vc1", "prores",
    };

    private readonly ConcurrentQueue<DecoderNote> _notes = new();

    public bool TryTake(out DecoderNote? note) => _notes.TryDequeue(out note);

    /// <summary>Queues <paramref name="line"/> if a video decoder wrote it.</summary>
    public void Offer(string line, long framesDelivered)
    {
        if (_notes.Count >= MaxQueued)
        {
            return;
        }

        string message;
        var match = Prefix().Match(line);
        if (match.Success && Decoders.Contains(match.Groups[1].Value))
        {
            message = InputName.Redact(match.Groups[2].Value.Trim());
        }
        else if (CorruptFrame().IsMatch(line))
        {
            // FFmpeg's own warning, one per decoded frame flagged corrupt by its decoder.
            message = "corrupt decoded frame";
        }
        else
        {
            return;
        }

        int? x = null, y = null;
        var mb = Macroblock().Match(message);
        if (mb.Success)
        {
            x = int.Parse(mb.Groups[1].Value, CultureInfo.InvariantCulture);
            y = int.Parse(mb.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        _notes.Enqueue(new DecoderNote(message, framesDelivered, x, y));
    }

    [GeneratedRegex(@"^\[(\w+) @ 0x[0-9a-fA-F]+\] (.+)$")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"corrupt decoded frame in stream \d+")]
    private static partial Regex CorruptFrame();

    [GeneratedRegex(@"decoding MB (\d+) (\d+)")]
    private static partial Regex Macroblock();
}
