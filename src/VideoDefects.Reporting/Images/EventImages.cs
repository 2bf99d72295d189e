namespace VideoDefects.Reporting.Images;

/// <summary>The pictures of one event: the frame before it and its first frame (a freeze: first and last frozen
/// frames), the damaged region outlined in red.</summary>
/// <param name="Before">PNG of the "before" frame, or null.</param>
/// <param name="After">PNG of the event's frame.</param>
public sealed record EventImages(byte[]? Before, byte[] After);
