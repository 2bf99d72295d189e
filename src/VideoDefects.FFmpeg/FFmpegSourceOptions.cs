using VideoDefects.Errors;
using VideoDefects.Frames;

namespace VideoDefects.FFmpeg;

/// <summary>Options of <see cref="FFmpegSource"/>, with their defaults.</summary>
public sealed record FFmpegSourceOptions
{
    /// <summary>Pixel format the frames are decoded to. Default null: <see cref="PixelFormat.Yuv420P"/>, or
    /// <see cref="PixelFormat.Gray8"/> when the pipeline asks for luma only (<see cref="Pipeline.ILumaOnlySource"/>:
    /// no analyzer needs colour), which moves a third less through the pipe.</summary>
    public PixelFormat? PixelFormat { get; init; }

    /// <summary>Decode the first audio stream too (for AV sync). Default true; ignored when the input has no audio.</summary>
    public bool DecodeAudio { get; init; } = true;

    /// <summary>Sample rate audio is resampled to. Default 48 000 Hz.</summary>
    public int AudioSampleRate { get; init; } = 48_000;

    /// <summary>Channels audio is delivered with. Default null: every channel of the input, in FFmpeg's order for its
    /// layout (up to <see cref="MaxAudioChannels"/>; more are mixed down to that many), so that per-channel silence
    /// and standard loudness can be measured; detectors that want mono mix it themselves. 1 mixes to mono in FFmpeg
    /// (less to move when only AV sync is measured).</summary>
    public int? AudioChannels { get; init; }

    /// <summary>The most channels delivered when <see cref="AudioChannels"/> is null (7.1 plus headroom): a hostile
    /// header claiming hundreds of channels must not multiply the audio to move.</summary>
    public const int MaxAudioChannels = 16;

    /// <summary>Threads FFmpeg's video decoder uses (0: as many as FFmpeg likes). Default 1, for two reasons. A
    /// frame-threaded decoder logs its errors and flags damaged frames when its threads get to them, so which frame a
    /// decoder message belongs to varies from run to run (and FFmpeg 5.1 flags a concealed frame in some runs only);
    /// with one thread the damaged frame is flagged exactly, every run, which the corruption detector relies on to
    /// say where damage starts and ends. And a monitor decodes many streams at once: one thread each uses the cores
    /// without FFmpeg's per-stream thread pools competing. A single file on an idle machine decodes faster with more
    /// (measured on 2 cores, 1080p H.264: ≈1.5× the wall time with one thread, the same CPU); decoder messages are then
    /// placed within a few frames only.</summary>
    public int DecoderThreads { get; init; } = 1;

    /// <summary>Decoded frames queued between FFmpeg and the analysis; bounds memory (frames are pooled). Default 8.</summary>
    public int QueueCapacity { get; init; } = 8;

    /// <summary>Where decoded frames are rented from: given the decoded format, a pool the caller owns (the source does
    /// not dispose it). Default null: the source makes its own pool and releases it with itself. A live host gives the
    /// reconnects of one stream the same pool (see <see cref="Live.LiveAnalysisRunner"/>): a new pool per connection
    /// leaves a queue's worth of large frame buffers (1.4 MB each at 720p) to wait for the garbage collector's next
    /// full collection at every reconnect, which a perpetual monitor sees as memory growing in steps.</summary>
    public Func<VideoFormat, VideoFramePool>? FramePool { get; init; }

    /// <summary>Dimension, duration and timeout limits. Default <see cref="MediaLimits.Default"/>.</summary>
    public MediaLimits Limits { get; init; } = MediaLimits.Default;

    /// <summary>Lift the input policy (protocol whitelist and demuxer restrictions): only for inputs you control,
    /// e.g. a local HLS playlist whose segments are files. Default false.</summary>
    public bool TrustedInput { get; init; }

    /// <summary>Folder holding the <c>ffmpeg</c> and <c>ffprobe</c> executables; default: found on <c>PATH</c>.</summary>
    public string? BinaryFolder { get; init; }

    /// <summary>Start decoding at this frame of a file (its number at the input's nominal frame rate) instead of the
    /// beginning: FFmpeg seeks to the keyframe before it and decodes from there, so the frames delivered are exactly
    /// those a whole decode gives from this one on (numbered from 0; give the pipeline the offset with
    /// <c>AnalysisPipeline.Start(media, firstFrame, startTime)</c>). Used to analyse a long file in pieces.</summary>
    public long StartFrame { get; init; }

    /// <summary>How the input is named in errors and in <see cref="MediaInfo.Source"/> — e.g. the <c>s3://</c> URI of
    /// an object a host downloaded to a temporary file. Default: the input with credentials redacted.</summary>
    public string? Name { get; init; }

    /// <summary>Video through FFMpegCore's pipe even where the FIFO is available (see <c>VideoFifo</c>): lets tests
    /// compare the two ways out of FFmpeg.</summary>
    internal bool VideoThroughFFMpegCorePipe { get; init; }

    /// <summary>Decode for a fingerprint, not for inspection: frames scaled down by FFmpeg to at most this width
    /// (0: as they are), and the H.264/HEVC loop filter skipped. A sync signature averages 4×4 cells of the picture, which
    /// neither changes; the decode and the pipe cost much less (see <c>ReferenceSignature</c>).</summary>
    internal int FingerprintWidth { get; init; }

    /// <summary>Decode this much of the input from <see cref="StartFrame"/> on (zero: to the end): one sample of a
    /// reference fingerprinted in samples (see <c>ReferenceSampling</c>).</summary>
    internal TimeSpan DecodeDuration { get; init; }

    /// <summary>Decode only the keyframes (FFmpeg's <c>-skip_frame nokey</c>; frames are then numbered as if they were
    /// consecutive): the sound of a whole input, placed exactly as in a whole decode, for a small part of the cost of
    /// its picture (see <c>ReferenceSampling</c>).</summary>
    internal bool KeyframesOnly { get; init; }
}
