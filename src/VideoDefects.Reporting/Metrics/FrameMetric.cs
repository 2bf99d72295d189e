namespace VideoDefects.Reporting.Metrics;

/// <summary>Per-frame figures for the plots.</summary>
/// <param name="Time">Seconds.</param>
/// <param name="Mafd">Mean absolute luma difference to the previous frame.</param>
/// <param name="LumaMean">Mean luma.</param>
public readonly record struct FrameMetric(double Time, double Mafd, double LumaMean);
