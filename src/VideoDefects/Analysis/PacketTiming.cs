namespace VideoDefects.Analysis;

/// <summary>
/// The container's timing of one compressed packet, as the demuxer read it (before decoding): what timestamp-based
/// checks (audio/video timestamp steps and drift) work from. Times are in seconds on the input's own clock, shifted so
/// that the input starts near zero (the same shift for every stream).
/// </summary>
/// <param name="Stream">Video or audio.</param>
/// <param name="DecodeTime">The packet's decoding timestamp (DTS), seconds.</param>
/// <param name="PresentationTime">The packet's presentation timestamp (PTS), seconds.</param>
/// <param name="Duration">The packet's nominal duration, seconds (0 when the container does not say).</param>
public readonly record struct PacketTiming(MediaStreamKind Stream, double DecodeTime, double PresentationTime, double Duration);
