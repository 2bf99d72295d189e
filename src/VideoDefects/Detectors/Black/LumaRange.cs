namespace VideoDefects.Detectors.Black;

/// <summary>How the picture's levels are coded: which luma value is black.</summary>
public enum LumaRange
{
    /// <summary>Limited ("TV", MPEG) range: black is 16, white 235 — what broadcast and most files use.</summary>
    Limited,

    /// <summary>Full ("PC", JPEG) range: black is 0, white 255.</summary>
    Full,
}
