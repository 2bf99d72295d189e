namespace VideoDefects.Analysis;

/// <summary>What a <see cref="DecoderNote"/> reports.</summary>
public enum DecoderNoteKind
{
    /// <summary>A notice that reports no damage (e.g. "Increasing reorder buffer").</summary>
    Other,

    /// <summary>The decoder flagged the picture <see cref="DecoderNote.NearFrame"/> itself as damaged (FFmpeg's
    /// "corrupt decoded frame"): concealment ran on it.</summary>
    DamagedFrame,

    /// <summary>Part of a picture could not be decoded (a slice or macroblock error) or was concealed.</summary>
    SliceError,

    /// <summary>A picture to predict from is missing or the reference bookkeeping broke (lost frames): pictures are
    /// predicted from the wrong content until the next keyframe.</summary>
    ReferenceError,

    /// <summary>The container lost or cut packets of the video stream (e.g. MPEG-TS datagrams missing on a network):
    /// pictures may be missing or cut, and what follows may be predicted from them until the next keyframe.</summary>
    PacketLoss,
}
