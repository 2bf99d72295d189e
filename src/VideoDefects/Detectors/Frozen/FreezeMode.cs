namespace VideoDefects.Detectors.Frozen;

/// <summary>How <see cref="FrozenFrameDetector"/> decides that a picture is frozen.</summary>
public enum FreezeMode
{
    /// <summary>Default. Compares 8×8 block means with the first frame of the candidate freeze and decides on their
    /// distribution: grain and re-encoding noise average out, while any real motion — a slow pan, one moving car —
    /// shows as blocks that keep changing. Finds noisy freezes FFmpeg misses without flagging slow content.</summary>
    Robust,

    /// <summary>The semantics of FFmpeg's <c>freezedetect</c>: mean absolute frame difference over all planes
    /// against the first frame of the candidate freeze, frozen when <c>mafd ≤ noise</c>. Adds an end-of-stream flush.</summary>
    FFmpegCompatible,
}
