namespace VideoDefects.Analysis;

/// <summary>Which elementary stream a packet belongs to.</summary>
public enum MediaStreamKind
{
    /// <summary>The video stream analysed.</summary>
    Video,

    /// <summary>The audio stream analysed.</summary>
    Audio,
}
