using VideoDefects.Analysis;

namespace VideoDefects.Pipeline;

/// <summary>Everything needed to continue a stream elsewhere: each analyzer's state, the stream position and the
/// last frame's luma (for the shared frame-difference feature).</summary>
/// <param name="FramesSoFar">Frames analysed before the hand-off; the next frame gets this index.</param>
/// <param name="TimeSoFar">Seconds analysed before the hand-off; the next segment's time 0 maps here.</param>
/// <param name="SamplesSoFar">Audio sample frames analysed before the hand-off.</param>
/// <param name="PreviousLuma">Luma of the last frame analysed (tightly packed), or <see langword="null"/>.</param>
/// <param name="Analyzers">Each analyzer's state, in the pipeline's analyzer order.</param>
public sealed record PipelineCheckpoint(
    long FramesSoFar,
    double TimeSoFar,
    long SamplesSoFar,
    byte[]? PreviousLuma,
    IReadOnlyList<AnalyzerCheckpoint> Analyzers);
