using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using VideoDefects.Analysis;
using VideoDefects.Errors;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>Reads FFmpeg's log in the order FFmpeg wrote it: a <c>showinfo</c> line per decoded frame (its number and
/// whether it is a keyframe) and the video decoder's complaints between them, which become <see cref="DecoderNote"/>s
/// stamped with the frame they precede.</summary>
/// <remarks>
/// FFmpeg logs a frame's <c>showinfo</c> line before it writes the frame to the pipe, and a decoder complains before
/// the frame it complains about leaves the decoder. Placing each note by these markers makes it independent of how far
/// our pipe reading lags behind FFmpeg (it used to be stamped with the frames read so far, 30 frames early or late
/// depending on the machine's load, so corruption results varied from run to run).
/// Without markers (live inputs, and files too long or of unknown length: FFMpegCore keeps every log line of a process
/// until it ends, and two lines per frame would grow without bound; see <see cref="MarksFrames"/>) notes are stamped
/// with <paramref name="framesDelivered"/>, as before.
/// </remarks>
internal sealed partial class DecoderLog(long graceFrames, bool markers, Func<long> framesDelivered) : IDisposable
{
    /// <summary>A corrupt stream can print one line per macroblock: keep a bounded number per source.</summary>
    private const int MaxQueued = 2000;
    private static readonly HashSet<string> Decoders = new(StringComparer.Ordinal)
    {
        "h264", "hevc", "vp8", "vp9", "av1", "libdav1d", "mpeg2video", "mpeg1video", "mpeg4", "h263", "mjpeg", "vc1", "prores",
    };

    private readonly ConcurrentQueue<DecoderNote> _notes = new();
    private readonly ConcurrentQueue<bool> _shown = new();
    private readonly SemaphoreSlim _shownCount = new(0);
    private long _framesShown;

    /// <summary>The filter that marks frames in the log, first in the video filter chain.</summary>
    public const string FrameMarkerFilter = "showinfo=checksum=0";

    /// <summary>The most frames an input is marked for: FFMpegCore keeps every log line until FFmpeg exits, ≈0.6 KB per
    /// frame for the two marker lines (measured: 25 MB after 9 000 frames, 79 MB after 90 000), so 270 000 frames
    /// (three hours at 25 fps) keep ≈160 MB and a day-long recording would keep 1.3 GB.</summary>
    public const long MaxMarkedFrames = 270_000;

    /// <summary>Whether to mark an input's frames: only inputs that end, and whose probed length fits
    /// <see cref="MaxMarkedFrames"/>; the others place notes by the frames read so far, as live inputs do.</summary>
    public static bool MarksFrames(bool isLive, TimeSpan? duration, double frameRate) =>
        !isLive && duration is { } length && length.TotalSeconds * frameRate <= MaxMarkedFrames;

    /// <summary>Whether FFmpeg is asked to mark frames (see the remarks).</summary>
    public bool HasMarkers => markers;

    /// <summary>Reads one log line; true when it was a frame marker (not worth keeping in an error log).</summary>
    /// <remarks>Notes logged before the first <c>graceFrames</c> frames are dropped: joining a live stream mid-GOP,
    /// the decoder complains about missing references until it has a keyframe — how every live join starts, not
    /// damage.</remarks>
    public bool Offer(string line)
    {
        var marker = FrameMarker().Match(line);
        if (marker.Success)
        {
            _shown.Enqueue(marker.Groups[1].Value == "1");
            Interlocked.Increment(ref _framesShown);
            _shownCount.Release();
            return true;
        }

        if (line.Contains("showinfo", StringComparison.Ordinal))
        {
            return true; // its second line per frame (colour description)
        }

        var stamp = markers ? Interlocked.Read(ref _framesShown) : framesDelivered();
        if (stamp < graceFrames || _notes.Count >= MaxQueued || Parse(line, stamp) is not { } note)
        {
            return false;
        }

        _notes.Enqueue(note);
        return false;
    }

    /// <summary>Waits for the marker of the next frame read from the pipe (already logged: FFmpeg writes it first)
    /// and tells whether that frame is a keyframe. Null when no marker came within <paramref name="patience"/>.</summary>
    public bool? WaitForNextFrame(TimeSpan patience, CancellationToken cancellationToken) =>
        _shownCount.Wait(patience, cancellationToken) && _shown.TryDequeue(out var key) ? key : null;

    /// <summary>Takes the next note logged before frame <paramref name="frame"/> was shown, in log order (a loop,
    /// not an iterator: the reader asks once per frame and must not allocate).</summary>
    public bool TryTakeNoteBefore(long frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DecoderNote? note) =>
        _notes.TryPeek(out note) && note.NearFrame <= frame && _notes.TryDequeue(out note);

    public void Dispose() => _shownCount.Dispose();

    private static DecoderNote? Parse(string line, long nearFrame)
    {
        string message;
        var match = Prefix().Match(line);
        if (match.Success && Decoders.Contains(match.Groups[1].Value))
        {
            message = InputName.Redact(match.Groups[2].Value.Trim());
        }
        else if (CorruptFrame().IsMatch(line))
        {
            // FFmpeg's own warning, logged as the flagged frame leaves the decoder (just before its marker).
            message = "corrupt decoded frame";
        }
        else
        {
            return null;
        }

        int? x = null, y = null;
        var mb = Macroblock().Match(message);
        if (mb.Success)
        {
            x = int.Parse(mb.Groups[1].Value, CultureInfo.InvariantCulture);
            y = int.Parse(mb.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return new DecoderNote(message, nearFrame, x, y);
    }

    [GeneratedRegex(@"^\[Parsed_showinfo_\d+ @ 0x[0-9a-fA-F]+\] n:\s*\d+ .* iskey:([01])")]
    private static partial Regex FrameMarker();

    [GeneratedRegex(@"^\[(\w+) @ 0x[0-9a-fA-F]+\] (.+)$")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"corrupt decoded frame in stream \d+")]
    private static partial Regex CorruptFrame();

    [GeneratedRegex(@"decoding MB (\d+) (\d+)")]
    private static partial Regex Macroblock();
}
