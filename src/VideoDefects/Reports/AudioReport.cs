namespace VideoDefects.Reports;

/// <summary>The input's audio stream.</summary>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channels in the input.</param>
public sealed record AudioReport(int SampleRate, int Channels);
