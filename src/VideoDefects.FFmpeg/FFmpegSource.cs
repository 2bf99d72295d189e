using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using FFMpegCore;
using FFMpegCore.Exceptions;
using VideoDefects.Errors;
using VideoDefects.FFmpeg.Decoding;
using VideoDefects.FFmpeg.Security;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using PixelFormat = VideoDefects.Frames.PixelFormat;

namespace VideoDefects.FFmpeg;

/// <summary>
/// Decodes any input FFmpeg opens — files, HTTP(S), HLS, UDP/SRT/RTMP — into frames and audio blocks through
/// <b>one</b> FFmpeg process per source: video and audio leave it on two pipes, each drained by its own reader so
/// neither blocks the other, into pooled buffers behind a bounded queue (memory stays flat whatever the length).
/// </summary>
/// <remarks>
/// Audio and video share one clock: the first video frame is time 0 and audio starts at its real offset from it
/// (a container's start times are kept, not normalised away), which the AV-sync detector depends on. Failures become
/// typed <see cref="MediaException"/>s naming the input with credentials redacted.
/// </remarks>
public sealed class FFmpegSource : ILumaOnlySource, IPacketTimingSource
{
    private const int AudioBlockFrames = 1024;
    private readonly string _input;
    private readonly string _name;
    private readonly FFmpegSourceOptions _options;
    private readonly InputPolicy _policy;
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _log = new();
    private readonly Lock _logGate = new();
    private Channel<MediaSample>? _queue;
    private VideoFramePool? _frames;
    private AudioBlockPool? _blocks;
    private VideoPipeReader? _videoReader;
    private Task? _run;
    private EgressGuard? _guard;
    private bool _delivered;
    private MediaInfo? _media;
    private (MediaInfo Media, double AudioOffset)? _inspected;
    private DecoderLog? _decoderLog;
    private bool _lumaOnly;
    private bool _packetTimings;

    /// <summary>Creates a source for <paramref name="input"/> (a path or a URL FFmpeg understands).</summary>
    /// <exception cref="InputPolicyException">The input's protocol is not allowed for untrusted input.</exception>
    public FFmpegSource(string input, FFmpegSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        _input = input;
        _options = options ?? new FFmpegSourceOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.DecoderThreads, "options.DecoderThreads");
        _name = _options.Name ?? InputName.Redact(input);
        try
        {
            _policy = InputPolicy.For(input, _options.TrustedInput);
        }
        catch (ArgumentException e)
        {
            throw new InputPolicyException(_name, e.Message + ".", e);
        }
    }

    /// <summary>The input with credentials redacted.</summary>
    public string Name => _name;

    /// <summary>Whether the input is a live protocol (UDP, SRT, RTMP, RTSP...).</summary>
    public bool IsLive => _policy.IsLive;

    /// <summary>Reads what the input holds — streams, size, rate, duration — and checks it against the limits,
    /// without starting to decode (one ffprobe run; <see cref="OpenAsync"/> reuses it).</summary>
    /// <exception cref="MediaException">The input cannot be read, is not media, or breaks a limit.</exception>
    public async ValueTask<MediaInfo> ProbeAsync(CancellationToken cancellationToken) =>
        (await InspectAsync(cancellationToken).ConfigureAwait(false)).Media;

    /// <inheritdoc />
    public void RequestLumaOnly() => _lumaOnly = true;

    /// <inheritdoc />
    /// <remarks>The packets are listed by a third output of the same FFmpeg process (<c>framecrc</c> of the
    /// stream-copied packets): nothing is read or decoded twice, and a live input is followed as it comes. Only for
    /// inputs with both video and audio (a relation needs both), and only when audio is decoded.</remarks>
    public void RequestPacketTimings() => _packetTimings = true;

    /// <inheritdoc />
    public async ValueTask<MediaInfo> OpenAsync(CancellationToken cancellationToken)
    {
        if (_media is not null)
        {
            return _media;
        }

        var (probed, audioOffset) = await InspectAsync(cancellationToken).ConfigureAwait(false);
        var media = probed with { Video = probed.Video with { PixelFormat = _options.PixelFormat ?? (_lumaOnly ? PixelFormat.Gray8 : PixelFormat.Yuv420P) } };
        if (_options.FingerprintWidth > 0 && media.Video.Width > _options.FingerprintWidth)
        {
            // Even sizes, for 4:2:0.
            var height = Math.Max(2, (int)Math.Round(media.Video.Height * (double)_options.FingerprintWidth / media.Video.Width / 2) * 2);
            media = media with { Video = media.Video with { Width = _options.FingerprintWidth, Height = height } };
        }

        var format = media.Video;
        var audioFormat = media.Audio;
        var duration = media.Duration;

        // A live join's first second of decoder complaints is not damage (see DecoderLog.Offer). Frame markers only
        // for inputs that end within DecoderLog.MaxMarkedFrames (see DecoderLog).
        _decoderLog = new DecoderLog(_policy.IsLive ? (long)Math.Ceiling(format.FrameRate) : 0, DecoderLog.MarksFrames(_policy.IsLive, duration, format.FrameRate), () => _videoReader?.FramesDelivered ?? 0);
        _frames = _options.FramePool?.Invoke(format) ?? new VideoFramePool(format);
        if (_frames.Format != format)
        {
            throw new InvalidOperationException($"The frame pool given for {_name} holds {_frames.Format} frames, not {format}.");
        }

        _queue = Channel.CreateBounded<MediaSample>(new BoundedChannelOptions(Math.Max(2, _options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _videoReader = new VideoPipeReader(_frames, _queue.Writer, _decoderLog, _stop.Token);
        var timingReader = _packetTimings && audioFormat is not null ? new PacketTimingReader(_queue.Writer, _stop.Token) : null;
        AudioPipeReader? audioReader = null;
        if (audioFormat is not null)
        {
            // A live input's probe joined the stream at another moment than FFmpeg's decode (a GOP or more apart): where
            // the packet listing runs, the sound is made to start at the output's zero (first_pts=0, see RunAsync) and
            // the listing says where the picture starts on that clock.
            _blocks = new AudioBlockPool(audioFormat, AudioBlockFrames);
            var videoStart = _policy.IsLive ? timingReader?.VideoStart.ContinueWith(t => -t.Result, TaskScheduler.Default) : null;
            audioReader = new AudioPipeReader(_blocks, audioOffset, _queue.Writer, _stop.Token, videoStart);
        }

        _media = media;
        _run = RunAsync(format, audioReader, timingReader, duration);
        return _media;
    }

    /// <summary>Probes once: the media description and the audio's offset on the container clock.</summary>
    private async ValueTask<(MediaInfo Media, double AudioOffset)> InspectAsync(CancellationToken cancellationToken)
    {
        if (_inspected is { } done)
        {
            return done;
        }

        if (_policy.IsFile && !File.Exists(LocalPath()))
        {
            throw new InputNotFoundException(_name, Directory.Exists(LocalPath()) ? "is a directory, not a media file." : "file not found.");
        }

        if (!_options.TrustedInput && _policy.Scheme is "http" or "https")
        {
            _guard = await EgressGuard.StartAsync(new Uri(_input).IdnHost, cancellationToken).ConfigureAwait(false);
        }

        var analysis = await AnalyseAsync(cancellationToken).ConfigureAwait(false);
        var video = analysis.PrimaryVideo ?? throw new NoVideoStreamException(_name, "no video stream.");
        var limits = _options.Limits;
        var width = video.Width ?? 0;
        var height = video.Height ?? 0;
        limits.CheckDimensions(_name, width, height);
        var duration = analysis.Duration > TimeSpan.Zero ? analysis.Duration : (TimeSpan?)null;
        if (!_policy.IsLive && duration > limits.MaxDuration)
        {
            throw new LimitExceededException(_name, $"duration {duration:g} exceeds the limit of {limits.MaxDuration:g}.");
        }

        var rate = FirstValidRate(ProbeNumbers.Rate(video.AverageFrameRate), ProbeNumbers.Rate(video.RealFrameRate));
        var format = new VideoFormat(width, height, _options.PixelFormat ?? PixelFormat.Yuv420P, rate);
        var audioStream = _options.DecodeAudio ? analysis.PrimaryAudio : null;
        var audioFormat = audioStream is null ? null : new AudioFormat(_options.AudioSampleRate, _options.AudioChannels ?? Math.Clamp(audioStream.Channels ?? 2, 1, FFmpegSourceOptions.MaxAudioChannels));
        // The real offset between the streams' first samples, on the container clock.
        var audioOffset = audioStream is null ? 0 : audioStream.StartSeconds - video.StartSeconds;
        _inspected = (new MediaInfo(_name, format, audioFormat, duration, audioStream?.Channels, video.PixelFormat), audioOffset);
        return _inspected.Value;
    }

    /// <inheritdoc />
    public async ValueTask<MediaSample> ReadAsync(CancellationToken cancellationToken)
    {
        var queue = _queue ?? throw new InvalidOperationException("Call OpenAsync first.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Before the first sample FFmpeg is still starting and probing the input: allow for that once.
        var wait = _delivered ? _options.Limits.ReadTimeout : _options.Limits.ReadTimeout + TimeSpan.FromSeconds(10);
        timeout.CancelAfter(wait);
        try
        {
            if (await queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false) && queue.Reader.TryRead(out var sample))
            {
                _delivered = true;
                return sample;
            }

            return MediaSample.End;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            throw new InputTimeoutException(_name, $"no data for {wait.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Stops FFmpeg (if still running) and returns every queued buffer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or MediaException)
            {
                // Stopping on purpose: how FFmpeg ended no longer matters.
            }
        }

        if (_queue is not null)
        {
            while (_queue.Reader.TryRead(out var sample))
            {
                sample.Video?.Dispose();
                sample.Audio?.Dispose();
            }
        }

        if (_options.FramePool is null)
        {
            _frames?.Dispose(); // a given pool is the caller's
        }

        _blocks?.Dispose();
        _decoderLog?.Dispose();
        if (_guard is not null)
        {
            await _guard.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task<ProbeResult> AnalyseAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Limits.ReadTimeout + TimeSpan.FromSeconds(5));
        var input = _policy.IsFile ? LocalPath() : new Uri(_input).AbsoluteUri;
        RequireInBinaryFolder("ffprobe");
        RequireInBinaryFolder("ffmpeg");
        try
        {
            return await Probe.RunAsync(GlobalFFOptions.GetFFProbeBinaryPath(FFOptions()), input, InputArguments().Split(' ', StringSplitOptions.RemoveEmptyEntries), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InputTimeoutException(_name, $"no answer within {_options.Limits.ReadTimeout.TotalSeconds:0.#} s.");
        }
        catch (Win32Exception e)
        {
            throw new DecoderException(_name, "ffprobe could not be started; install FFmpeg (e.g. apt-get install ffmpeg) or set BinaryFolder.", e);
        }
        catch (Exception e) when (e is ProbeFailedException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw FFmpegErrors.FromLog(_name, InputName.Redact(e.Message), "not media FFmpeg can read");
        }
    }

    private async Task RunAsync(VideoFormat format, AudioPipeReader? audioReader, PacketTimingReader? timingReader, TimeSpan? duration)
    {
        var queue = _queue!;
        Exception? failure = null;
        var exited = false;
        // The video leaves FFmpeg through a 1 MB FIFO where the platform allows (see VideoFifo), else FFMpegCore's pipe.
        var fifo = _options.VideoThroughFFMpegCorePipe ? null : VideoFifo.TryCreate();
        var fifoReading = fifo is null ? null : _videoReader!.ReadAsync(fifo, () => Volatile.Read(ref exited));

        // The sound and the packet listing too, when the video has a FIFO: FFMpegCore disposes its pipes as soon as
        // FFmpeg exits, and what was still in flight was lost — the last 0.1–0.2 s of a file whenever the analysis lagged
        // behind FFmpeg (measured with a slow analyzer: 565 248–568 320 of 574 464 samples, a different count each run).
        var audioFifo = fifo is null || audioReader is null ? null : VideoFifo.TryCreate("audio.f32");
        var audioReading = audioFifo is null ? null : audioReader!.ReadAsync(audioFifo, () => Volatile.Read(ref exited));
        var timingFifo = fifo is null || timingReader is null ? null : VideoFifo.TryCreate("packets.crc");
        var timingReading = timingFifo is null ? null : timingReader!.ReadAsync(timingFifo, () => Volatile.Read(ref exited));
        try
        {
            // -nostats: at info level FFmpeg's progress line would grow without end on a live input (it ends in \r).
            // -threads: see FFmpegSourceOptions.DecoderThreads (one thread: which frame a decoder message belongs to
            // is FFmpeg's log order, not its threads' timing).
            var inputArguments = InputArguments() + string.Create(CultureInfo.InvariantCulture, $" -threads {_options.DecoderThreads} -noautorotate -nostats");
            if (_options.FingerprintWidth > 0)
            {
                inputArguments += " -skip_loop_filter all";
            }

            if (_options.KeyframesOnly)
            {
                inputArguments += " -skip_frame nokey";
            }

            if (_options.StartFrame > 0)
            {
                // Half a frame early: the first frame kept is the one whose timestamp is nearest the wanted frame.
                var seek = (_options.StartFrame - 0.5) / format.FrameRate;
                inputArguments += string.Create(CultureInfo.InvariantCulture, $" -ss {seek:0.######}");
            }

            var arguments = _policy.IsFile
                ? FFMpegArguments.FromFileInput(LocalPath(), verifyExists: false, o => o.WithCustomArgument(inputArguments))
                : FFMpegArguments.FromUrlInput(new Uri(_input), o => o.WithCustomArgument(inputArguments));
            var decodeDuration = _options.DecodeDuration > TimeSpan.Zero && _options.DecodeDuration < _options.Limits.MaxDuration ? _options.DecodeDuration : _options.Limits.MaxDuration;
            var maxSeconds = decodeDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            var logLevel = _decoderLog!.HasMarkers ? FFMpegCore.Enums.FFMpegLogLevel.Info : FFMpegCore.Enums.FFMpegLogLevel.Warning; // markers are info; "corrupt decoded frame" a warning
            var processor = arguments
                .OutputToMany(outputs =>
                {
                    // A fingerprint is scaled down first, so that the frame markers (showinfo measures every pixel) cost
                    // little too, with the cheapest scaler: it averages cells.
                    var scale = _options.FingerprintWidth > 0 ? $"scale={format.Width}:{format.Height}:flags=fast_bilinear,format=yuv420p" : null;
                    var video = $"-map 0:v:0 -fps_mode passthrough {PictureArguments(format.PixelFormat, _media!.SourcePixelFormat, _decoderLog!.HasMarkers, scale)} -s {format.Width}x{format.Height} -t {maxSeconds} -f rawvideo";

                    Output(outputs, video, fifo, _videoReader!);

                    if (audioReader is not null)
                    {
                        // async=1 fills gaps and drops overlaps so that sample n is always at offset + n / rate.
                        // first_pts=0 (live, with the listing): from the output's zero, whichever packet decodes first.
                        var firstPts = _policy.IsLive && timingReader is not null ? ":first_pts=0" : "";
                        Output(outputs, $"-map 0:a:0 -af aresample=async=1{firstPts} -ac {_media!.Audio!.Channels} -ar {_options.AudioSampleRate} -t {maxSeconds} -f f32le", audioFifo, audioReader);
                    }

                    if (timingReader is not null)
                    {
                        Output(outputs, $"{PacketTimingReader.StreamArguments} -t {maxSeconds}", timingFifo, timingReader);
                    }
                })
                .CancellableThrough(_stop.Token)
                .NotifyOnStandardError(OnLogLine)
                .WithLogLevel(logLevel);

            // With every output in a FIFO nothing but the log crosses the process boundary: FFmpeg runs under our own
            // runner, which keeps no log line (FFMpegCore's keeps them all until FFmpeg exits; see FFmpegProcess).
            var succeeded = fifo is not null && (audioReader is null || audioFifo is not null) && (timingReader is null || timingFifo is not null)
                ? await FFmpegProcess.RunAsync(GlobalFFOptions.GetFFMpegBinaryPath(FFOptions()), $"{processor.Arguments} -v {logLevel.ToString().ToLowerInvariant()}", OnLogLine, _stop.Token).ConfigureAwait(false) == 0
                : (await processor.ProcessAsynchronously(throwOnError: false, FFOptions()).ConfigureAwait(false)).Success;
            Volatile.Write(ref exited, true);
            foreach (var reading in (Task?[])[fifoReading, audioReading, timingReading])
            {
                if (reading is not null)
                {
                    await reading.ConfigureAwait(false); // what was still in the FIFOs
                }
            }

            while (_decoderLog!.TryTakeNoteBefore(long.MaxValue, out var note))
            {
                // Complaints after the last frame (about frames that never came out) still count.
                await queue.Writer.WriteAsync(MediaSample.FromNote(note), _stop.Token).ConfigureAwait(false);
            }

            if (!succeeded && !_stop.IsCancellationRequested && _videoReader!.FramesDelivered == 0)
            {
                string log;
                lock (_logGate)
                {
                    log = _log.ToString();
                }

                failure = FFmpegErrors.FromLog(_name, log, "FFmpeg failed to decode the input");
            }
        }
        catch (Exception e) when (IsMissingBinary(e))
        {
            failure = new DecoderException(_name, "ffmpeg could not be started; install FFmpeg (e.g. apt-get install ffmpeg) or set BinaryFolder.", e);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is FFMpegException or IOException)
        {
            failure = _videoReader!.FramesDelivered == 0 ? FFmpegErrors.FromLog(_name, InputName.Redact(e.Message), "FFmpeg failed") : null;
        }
        finally
        {
            Volatile.Write(ref exited, true);
            foreach (var reading in (Task?[])[fifoReading, audioReading, timingReading])
            {
                if (reading is not null && !reading.IsCompleted)
                {
                    // FFmpeg failed to start or we are stopping: the reader ends (it owns and closes the FIFO).
                    await reading.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                }
            }

            queue.Writer.TryComplete(failure);
        }
    }

    /// <summary>An FFmpeg output with <paramref name="arguments"/>: into <paramref name="fifo"/> when there is one (read
    /// to its end by <paramref name="reader"/>'s own task), else through FFMpegCore's pipe to <paramref name="reader"/>.</summary>
    private static void Output(FFMpegMultiOutputOptions outputs, string arguments, VideoFifo? fifo, FFMpegCore.Pipes.IPipeSink reader)
    {
        if (fifo is null)
        {
            outputs.OutputToPipe(reader, o => o.WithCustomArgument(arguments));
        }
        else
        {
            outputs.OutputToFile(fifo.Path, overwrite: true, o => o.WithCustomArgument(arguments));
        }
    }

    private void OnLogLine(string line)
    {
        // Decoder complaints reach the analyzers as DecoderNote samples, placed by FFmpeg's frame markers.
        if (_decoderLog?.Offer(line) == true)
        {
            return; // a frame marker: one per frame, not worth keeping for an error message
        }

        lock (_logGate)
        {
            // Keep the log bounded: a corrupt stream can print an error per macroblock.
            if (_log.Length < 64 * 1024)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>The video filter chain: FFmpeg's frame marker (see <see cref="DecoderLog"/>), then our pixel format. Luma only from 8-bit planar limited-range
    /// YUV is a plane copy (<c>extractplanes</c>); <c>-pix_fmt gray</c> would run swscale over every pixel, which costs
    /// more than the bytes it saves (measured). Anything else is first converted to yuv420p as for whole frames, so
    /// luma values do not depend on the route.</summary>
    private static string PictureArguments(PixelFormat pixelFormat, string? sourcePixelFormat, bool markers, string? scale = null)
    {
        string? conversion = pixelFormat switch
        {
            PixelFormat.Gray8 when sourcePixelFormat is "yuv420p" or "yuv422p" or "yuv444p" or "yuv440p" or "yuv411p" or "yuv410p"
                => "extractplanes=y",
            PixelFormat.Gray8 => "format=yuv420p,extractplanes=y",
            _ => null,
        };
        var filters = new List<string>(3);
        if (scale is not null)
        {
            filters.Add(scale);
        }

        if (markers)
        {
            filters.Add(DecoderLog.FrameMarkerFilter);
        }

        if (conversion is not null)
        {
            filters.Add(conversion);
        }

        var chain = filters.Count == 0 ? "" : $"-vf {string.Join(',', filters)} ";
        return $"{chain}-pix_fmt {pixelFormat.FFmpegName()}";
    }

    /// <summary>The input policy's options, plus the egress guard as FFmpeg's HTTP proxy for network inputs.</summary>
    /// <summary>A <see cref="FFmpegSourceOptions.BinaryFolder"/> without the program is an error: FFMpegCore would
    /// silently run whatever <c>PATH</c> finds instead.</summary>
    private void RequireInBinaryFolder(string program)
    {
        if (_options.BinaryFolder is { } folder && !File.Exists(Path.Combine(folder, program)) && !File.Exists(Path.Combine(folder, program + ".exe")))
        {
            throw new DecoderException(_name, $"{program} is not in the binary folder {folder}; install FFmpeg (e.g. apt-get install ffmpeg) or point BinaryFolder at it.");
        }
    }

    /// <summary>Whether <paramref name="exception"/> says an FFmpeg executable could not be started (not on
    /// <c>PATH</c> or not executable): the process start's own error, or FFMpegCore's exception wrapping it.</summary>
    /// <param name="exception">What starting FFmpeg threw.</param>
    public static bool IsMissingBinary(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Win32Exception)
            {
                return true;
            }
        }

        return false;
    }

    private string InputArguments()
    {
        var arguments = string.Join(' ', _policy.InputArguments(_options.Limits.ReadTimeout));
        return _guard is null ? arguments : $"{arguments} -http_proxy {_guard.ProxyUrl}";
    }

    /// <summary>Connections to internal addresses the egress guard refused (hostile playlists).</summary>
    public int RefusedConnections => _guard?.Refused ?? 0;

    private FFOptions FFOptions() => _options.BinaryFolder is { } folder ? new FFOptions { BinaryFolder = folder } : new FFOptions();

    private string LocalPath() => _input.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        ? new Uri(_input).LocalPath
        : _input;

    private static double FirstValidRate(params double[] rates)
    {
        foreach (var rate in rates)
        {
            if (rate is > 0.5 and < 1000 && double.IsFinite(rate))
            {
                return rate;
            }
        }

        return 25;
    }
}
