using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Pipeline;

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
