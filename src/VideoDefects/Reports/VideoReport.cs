namespace VideoDefects.Reports;

/// <summary>The analysed video stream.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="FrameRate">Nominal frames per second.</param>
/// <param name="Frames">Frames analysed.</param>
/// <param name="PixelFormat">The decoded pixel format (FFmpeg name).</param>
public sealed record VideoReport(int Width, int Height, double FrameRate, long Frames, string? PixelFormat);
