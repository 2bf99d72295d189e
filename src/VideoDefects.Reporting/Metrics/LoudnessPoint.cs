namespace VideoDefects.Reporting.Metrics;

/// <summary>Loudness every 100 ms, for the plot.</summary>
/// <param name="Time">Seconds: the end of the 100 ms step.</param>
/// <param name="MomentaryLufs">Loudness of the last 400 ms (null in the first 400 ms).</param>
/// <param name="ShortTermLufs">Loudness of the last 3 s (null in the first 3 s).</param>
public readonly record struct LoudnessPoint(double Time, double? MomentaryLufs, double? ShortTermLufs);
