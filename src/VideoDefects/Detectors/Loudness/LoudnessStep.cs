namespace VideoDefects.Detectors.Loudness;

/// <summary>One 100 ms step of a <see cref="LoudnessMeter"/>.</summary>
/// <param name="Index">The step's number from the start (its end is <c>(Index + 1) × 100 ms</c> of audio).</param>
/// <param name="MomentaryLufs">Loudness of the last 400 ms; null until 400 ms were measured.</param>
/// <param name="ShortTermLufs">Loudness of the last 3 s; null until 3 s were measured.</param>
/// <param name="TruePeak">The largest true-peak amplitude of any channel in this step (1.0 = full scale).</param>
public readonly record struct LoudnessStep(long Index, double? MomentaryLufs, double? ShortTermLufs, double TruePeak);
