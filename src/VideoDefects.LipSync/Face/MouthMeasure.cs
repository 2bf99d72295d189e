namespace VideoDefects.LipSync.Face;

/// <summary>What the landmark model saw in one crop: whether it is a face, how open the mouth is, and the square to
/// read in the next picture.</summary>
/// <param name="FaceScore">The model's face probability.</param>
/// <param name="Opening">Inner-lip opening over the distance between the outer eye corners (scale-free).</param>
/// <param name="Next">The face's landmark bounds, enlarged as the model expects: where to look in the next picture.</param>
internal readonly record struct MouthMeasure(float FaceScore, double Opening, Square Next);
