using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Pipeline;

/// <summary>Something that decodes an input into frames and audio blocks: FFmpeg, a Y4M file, or your own frames.</summary>
/// <remarks>Samples come in stream order per kind; video and audio may interleave loosely. The pipeline disposes
/// each sample after use, which hands pooled buffers back to the source.</remarks>
public interface IMediaSource : IAsyncDisposable
{
    /// <summary>Opens the input and tells what it holds. Called once, before <see cref="ReadAsync"/>.</summary>
    ValueTask<MediaInfo> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The next sample, or <see cref="MediaSample.End"/> when the input is exhausted.</summary>
    ValueTask<MediaSample> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>A source that can decode luma only (<see cref="PixelFormat.Gray8"/> frames): a third less to move per 4:2:0
/// frame. <see cref="AnalysisPipeline.Configure"/> asks for it when no analyzer needs colour.</summary>
public interface ILumaOnlySource : IMediaSource
{
    /// <summary>Deliver luma-only frames, if the caller did not choose a pixel format. Has no effect once the source is
    /// open.</summary>
    void RequestLumaOnly();
}

/// <summary>A source that can also deliver the container's packet timestamps (<see cref="MediaSample.Timing"/>).</summary>
public interface IPacketTimingSource : IMediaSource
{
    /// <summary>Deliver a <see cref="Analysis.PacketTiming"/> per audio and video packet. Has no effect once the source
    /// is open.</summary>
    void RequestPacketTimings();
}

/// <summary>One item from a source: a video frame, an audio block, or the end of the input.</summary>
public readonly record struct MediaSample
{
    private MediaSample(VideoFrame? video, AudioBlock? audio, DecoderNote? note = null, PacketTiming? timing = null)
    {
        Video = video;
        Audio = audio;
        Note = note;
        Timing = timing;
    }

    /// <summary>The end of the input.</summary>
    public static MediaSample End => default;

    /// <summary>The frame, when this sample is video.</summary>
    public VideoFrame? Video { get; }

    /// <summary>The block, when this sample is audio.</summary>
    public AudioBlock? Audio { get; }

    /// <summary>A message from the decoder (e.g. a bitstream error), when this sample is one.</summary>
    public DecoderNote? Note { get; }

    /// <summary>A packet's container timing, when this sample is one.</summary>
    public PacketTiming? Timing { get; }

    /// <summary>True for the end of the input.</summary>
    public bool IsEnd => Video is null && Audio is null && Note is null && Timing is null;

    /// <summary>A video sample.</summary>
    public static MediaSample FromVideo(VideoFrame frame) => new(frame ?? throw new ArgumentNullException(nameof(frame)), null);

    /// <summary>A decoder message.</summary>
    public static MediaSample FromNote(DecoderNote note) => new(null, null, note ?? throw new ArgumentNullException(nameof(note)));

    /// <summary>A packet's container timing.</summary>
    public static MediaSample FromTiming(PacketTiming timing) => new(null, null, null, timing);

    /// <summary>An audio sample.</summary>
    public static MediaSample FromAudio(AudioBlock block) => new(null, block ?? throw new ArgumentNullException(nameof(block)));
}
