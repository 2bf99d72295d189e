using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using VideoDefects.Analysis;
using VideoDefects.Errors;
using VideoDefects.Frames;

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
    private readonly ConcurrentQueue<FrameMark> _shown = new();
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
            _shown.Enqueue(new FrameMark(
                double.TryParse(marker.Groups[1].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var pts) ? pts : double.NaN,
                marker.Groups[2].Value == "1",
                ParsePictureType(marker.Groups[3].ValueSpan)));
            Interlocked.Increment(ref _framesShown);
            _shownCount.Release();
            return true;
        }

        if (line.Contains("showinfo", StringComparison.Ordinal))
        {
            return true; // its second line per frame (colour description)
        }

        var stamp = markers ? Interlocked.Read(ref _framesShown) : framesDelivered();
        if (stamp < graceFrames || _notes.Count >= MaxQueued || Parse(line, stamp, markers) is not { } note)
        {
            return false;
        }

        _notes.Enqueue(note);
        return false;
    }

    /// <summary>Waits for the marker of the next frame read from the pipe (already logged: FFmpeg writes it first)
    /// and returns what it says of that frame. Null when no marker came within <paramref name="patience"/>.</summary>
    public FrameMark? WaitForNextFrame(TimeSpan patience, CancellationToken cancellationToken) =>
        _shownCount.Wait(patience, cancellationToken) && _shown.TryDequeue(out var mark) ? mark : null;

    /// <summary>Takes the next note logged before frame <paramref name="frame"/> was shown, in log order (a loop,
    /// not an iterator: the reader asks once per frame and must not allocate).</summary>
    public bool TryTakeNoteBefore(long frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DecoderNote? note) =>
        _notes.TryPeek(out note) && note.NearFrame <= frame && _notes.TryDequeue(out note);

    public void Dispose() => _shownCount.Dispose();

    private static DecoderNote? Parse(string line, long nearFrame, bool markers)
    {
        string message;
        var match = Prefix().Match(line);
        if (match.Success && Decoders.Contains(match.Groups[1].Value))
        {
            message = InputName.Redact(match.Groups[2].Value.Trim());
        }
        else if (!markers && match.Success && match.Groups[1].Value == "mpegts" && match.Groups[2].Value.StartsWith("Packet corrupt", StringComparison.Ordinal))
        {
            // The demuxer lost part of a packet (whole datagrams missing): frames vanish without a word from the decoder,
            // and what follows is predicted from pictures it never had. Live only: the demuxer reads ahead of the decoder,
            // so in a file (read far ahead at the start) this line says nothing of where; there the frame markers'
            // timestamps show the lost frames instead (VideoFrame.FramesLostBefore).
            return new DecoderNote(match.Groups[2].Value.Trim(), nearFrame) { Kind = DecoderNoteKind.PacketLoss };
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

        var concealed = Concealment().Match(message);
        return new DecoderNote(message, nearFrame, x, y)
        {
            Kind = Classify(message),
            ConcealedMacroblocks = concealed.Success ? int.Parse(concealed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            PictureType = concealed.Success ? ParsePictureType(concealed.Groups[2].ValueSpan) : PictureType.Unknown,
        };
    }

    /// <summary>FFmpeg's one-letter picture type (showinfo's <c>type:</c>, H.264's "errors in P frame").</summary>
    private static PictureType ParsePictureType(ReadOnlySpan<char> letter) => letter switch
    {
        "I" => PictureType.I,
        "P" => PictureType.P,
        "B" => PictureType.B,
        _ => PictureType.Unknown,
    };

    /// <summary>What an FFmpeg decoder line reports. The wording is FFmpeg's (H.264/HEVC/MPEG decoders and the error
    /// resilience they share), so it is read here and the core sees only the kind.</summary>
    internal static DecoderNoteKind Classify(string message)
    {
        if (message == "corrupt decoded frame")
        {
            return DecoderNoteKind.DamagedFrame;
        }

        // Lost or unusable references: "reference picture missing during reorder", "Missing reference picture",
        // "mmco: unref short failure", "illegal short term buffer state detected", "co located POCs unavailable",
        // "Frame num gap", HEVC's "Could not find ref with POC".
        if (message.Contains("reference", StringComparison.OrdinalIgnoreCase) || message.Contains("ref with POC", StringComparison.Ordinal)
            || message.StartsWith("mmco", StringComparison.Ordinal) || message.Contains("short term buffer", StringComparison.Ordinal)
            || message.Contains("POCs unavailable", StringComparison.Ordinal) || message.Contains("num gap", StringComparison.OrdinalIgnoreCase))
        {
            return DecoderNoteKind.ReferenceError;
        }

        return DamageWords().IsMatch(message) ? DecoderNoteKind.SliceError : DecoderNoteKind.Other;
    }

    [GeneratedRegex(@"^\[Parsed_showinfo_\d+ @ 0x[0-9a-fA-F]+\] n:\s*\d+ .*pts_time:(\S+) .* iskey:([01]) type:(\S)")]
    private static partial Regex FrameMarker();

    [GeneratedRegex(@"^\[(\w+) @ 0x[0-9a-fA-F]+\] (.+)$")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"corrupt decoded frame in stream \d+")]
    private static partial Regex CorruptFrame();

    [GeneratedRegex(@"decoding MB (\d+) (\d+)")]
    private static partial Regex Macroblock();

    [GeneratedRegex(@"^concealing (\d+) DC.* errors in (\w) frame")]
    private static partial Regex Concealment();

    /// <summary>Lines that report damage, as opposed to notices (e.g. "Increasing reorder buffer").</summary>
    [GeneratedRegex("error|conceal|corrupt|invalid|unavailable|out of range|missing|failed|overread", RegexOptions.IgnoreCase)]
    private static partial Regex DamageWords();
}

/// <summary>What FFmpeg's frame marker says of one decoded frame.</summary>
/// <param name="Pts">Its presentation time in seconds, as FFmpeg's output stage sees it (NaN when not given).</param>
/// <param name="Key">Whether it is a keyframe.</param>
/// <param name="Type">How it was coded.</param>
internal readonly record struct FrameMark(double Pts, bool Key, PictureType Type);
