namespace VideoDefects.Reports;

/// <summary>How long the analysis took.</summary>
/// <param name="WallSeconds">Elapsed wall-clock seconds, decode included.</param>
/// <param name="FramesPerSecond">Frames analysed per wall-clock second.</param>
public sealed record PerformanceReport(double WallSeconds, double FramesPerSecond);
