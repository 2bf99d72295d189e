using VideoDefects.Frames;

namespace VideoDefects.Analysis;

/// <summary>What a decoder said about the bitstream, e.g. FFmpeg's "error while decoding MB 12 7", classified by the
/// source that read it (the core knows no decoder's wording).</summary>
/// <param name="Message">The decoder's line (input names redacted).</param>
/// <param name="NearFrame">The index of the next frame to come out of the decoder when the message was logged. With
/// the FFmpeg source and a file, placed by FFmpeg's frame markers and exact for <see cref="DecoderNoteKind.DamagedFrame"/>
/// (FFmpeg flags the frame as it leaves the single-threaded decoder); other kinds are logged while a picture is decoded,
/// which may come out a few frames later (reordering). For live inputs, placed by the frames read so far.</param>
/// <param name="MacroblockX">The macroblock column the error names, when it names one.</param>
/// <param name="MacroblockY">The macroblock row the error names, when it names one.</param>
public sealed record DecoderNote(string Message, long NearFrame, int? MacroblockX = null, int? MacroblockY = null)
{
    /// <summary>What the message reports. Default <see cref="DecoderNoteKind.Other"/>.</summary>
    public DecoderNoteKind Kind { get; init; }

    /// <summary>The picture type the message names (H.264's "concealing … errors in P frame"), else
    /// <see cref="PictureType.Unknown"/>.</summary>
    public PictureType PictureType { get; init; }

    /// <summary>How many macroblocks the decoder concealed, when the message says (H.264's "concealing N DC, …");
    /// else 0.</summary>
    public int ConcealedMacroblocks { get; init; }
}
