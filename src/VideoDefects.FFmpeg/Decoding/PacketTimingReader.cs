using System.Globalization;
using System.Threading.Channels;
using FFMpegCore.Pipes;
using VideoDefects.Analysis;
using VideoDefects.Pipeline;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>
/// Reads FFmpeg's <c>framecrc</c> listing of the video and audio packets (stream-copied, so nothing is decoded twice)
/// and queues each packet's timing. <c>framecrc</c> is a documented, stable text format: <c>#tb</c>/<c>#media_type</c>/
/// <c>#sample_rate</c> header lines, then one line per packet: stream, dts, pts, duration, size, checksum.
/// </summary>
/// <remarks>Audio durations are in the container's time base, rounded (1024 samples at 44.1 kHz are 2089.8 ticks of
/// 1/90000 s, written 2089): they are turned back into whole samples, or the rounding would read as 380 ppm of drift.</remarks>
internal sealed class PacketTimingReader(ChannelWriter<MediaSample> output, CancellationToken stopping) : IPipeSink
{
    /// <summary>Output streams in the order they are mapped: video first, then audio.</summary>
    public const string StreamArguments = "-map 0:v:0 -map 0:a:0 -c copy -f framecrc";

    private readonly double[] _timeBase = [double.NaN, double.NaN];
    private readonly int[] _sampleRate = [0, 0];
    private readonly TaskCompletionSource<double?> _videoStart = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the picture starts in this FFmpeg process's output timeline: the first video packet's presentation
    /// time (a keyframe — a stream copy starts at one, as the decoded picture does; measured on a live join: the listing's
    /// first packet and <c>showinfo</c>'s first frame agree). Null when the listing ended without one.</summary>
    /// <remarks>A live input's probe is another connection, joined at another moment (a GOP apart, or more): only the
    /// decoding process itself can say how its sound and picture line up.</remarks>
    public Task<double?> VideoStart => _videoStart.Task;

    public string GetStreamArguments() => "";

    /// <summary>Reads the listing FFmpeg writes to <paramref name="fifo"/> to its end, also after FFmpeg has exited
    /// (through FFMpegCore's pipe the last lines were lost whenever the analysis lagged), and closes the FIFO.</summary>
    /// <param name="fifo">The FIFO FFmpeg writes; this reader owns it.</param>
    /// <param name="ffmpegExited">Whether FFmpeg has exited (it may have done so without opening the FIFO).</param>
    public Task ReadAsync(VideoFifo fifo, Func<bool> ffmpegExited) =>
        fifo.ReadToEndAsync(ffmpegExited, stream => ReadAsync(stream, CancellationToken.None).GetAwaiter().GetResult(), stopping);

    public async Task ReadAsync(Stream inputStream, CancellationToken sinkToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(sinkToken, stopping);
        using var reader = new StreamReader(inputStream, System.Text.Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        try
        {
            while (await reader.ReadLineAsync(linked.Token).ConfigureAwait(false) is { } line)
            {
                if (Parse(line) is { } timing)
                {
                    if (timing.Stream == MediaStreamKind.Video)
                    {
                        _videoStart.TrySetResult(timing.PresentationTime);
                    }

                    await output.WriteAsync(MediaSample.FromTiming(timing), linked.Token).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _videoStart.TrySetResult(null);
        }
    }

    /// <summary>The timing on one listing line, or null for a header (remembered) or anything unexpected.</summary>
    internal PacketTiming? Parse(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("#"))
        {
            ParseHeader(line);
            return null;
        }

        Span<Range> fields = stackalloc Range[5];
        if (line.Split(fields, ',', StringSplitOptions.TrimEntries) < 5
            || !int.TryParse(line[fields[0]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stream) || stream is < 0 or > 1
            || !long.TryParse(line[fields[1]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var dts)
            || !long.TryParse(line[fields[2]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pts)
            || !long.TryParse(line[fields[3]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var duration)
            || double.IsNaN(_timeBase[stream]))
        {
            return null;
        }

        var tb = _timeBase[stream];
        var seconds = duration * tb;
        if (_sampleRate[stream] > 0 && seconds > 0)
        {
            var samples = Math.Round(seconds * _sampleRate[stream]);
            seconds = Math.Abs((samples / _sampleRate[stream]) - seconds) <= tb ? samples / _sampleRate[stream] : seconds;
        }

        return new PacketTiming(stream == 0 ? MediaStreamKind.Video : MediaStreamKind.Audio, dts * tb, pts * tb, seconds);
    }

    private void ParseHeader(ReadOnlySpan<char> line)
    {
        // "#tb 0: 1/90000", "#sample_rate 1: 44100"
        var space = line.IndexOf(' ');
        var colon = line.IndexOf(':');
        if (space < 0 || colon < space || !int.TryParse(line[(space + 1)..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stream) || stream is < 0 or > 1)
        {
            return;
        }

        var key = line[1..space];
        var value = line[(colon + 1)..].Trim();
        if (key.SequenceEqual("tb"))
        {
            var slash = value.IndexOf('/');
            if (slash > 0 && long.TryParse(value[..slash], NumberStyles.Integer, CultureInfo.InvariantCulture, out var num)
                && long.TryParse(value[(slash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var den) && num > 0 && den > 0)
            {
                _timeBase[stream] = (double)num / den;
            }
        }
        else if (key.SequenceEqual("sample_rate") && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rate) && rate > 0)
        {
            _sampleRate[stream] = rate;
        }
    }
}
