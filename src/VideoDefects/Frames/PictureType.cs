namespace VideoDefects.Frames;

/// <summary>How a decoder coded a picture, as far as the source knows.</summary>
public enum PictureType
{
    /// <summary>The source does not say.</summary>
    Unknown,

    /// <summary>Intra-coded: decodes on its own (every keyframe is one; not every one is a keyframe).</summary>
    I,

    /// <summary>Predicted from earlier pictures; later pictures are predicted from it.</summary>
    P,

    /// <summary>Bi-directionally predicted; with most encoders no other picture, or only its neighbouring B pictures,
    /// is predicted from it.</summary>
    B,
}
