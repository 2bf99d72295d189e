namespace VideoDefects.Analysis;

/// <summary>An analyzer's state between frames, as opaque bytes a host can store and hand to another process.</summary>
/// <param name="Analyzer">The <see cref="IFrameAnalyzer.Name"/> that wrote it.</param>
/// <param name="Version">The analyzer's state format version; a mismatch is refused on restore.</param>
/// <param name="State">The serialized state.</param>
public sealed record AnalyzerCheckpoint(string Analyzer, int Version, byte[] State);
