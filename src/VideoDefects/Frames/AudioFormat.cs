namespace VideoDefects.Frames;

/// <summary>The layout of decoded audio: interleaved 32-bit float samples.</summary>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">Interleaved channels in each <see cref="AudioBlock"/>.</param>
public sealed record AudioFormat(int SampleRate, int Channels);
