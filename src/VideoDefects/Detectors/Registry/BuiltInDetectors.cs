using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.Black;
using VideoDefects.Detectors.Corruption;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;

namespace VideoDefects.Detectors.Registry;

/// <summary>The descriptors of the detectors this package has, in the order they run.</summary>
internal static class BuiltInDetectors
{
    public static DetectorDescriptor[] Create()
    {
        var json = DetectorOptionsJsonContext.Default;
        return
        [
            new DetectorDescriptor<FrozenFrameDetectorOptions>("frozen", "Frozen pictures (freeze frames), robust to noise and live graphics.", o => new FrozenFrameDetector(o), json.FrozenFrameDetectorOptions, new()),
            new DetectorDescriptor<BlockCorruptionDetectorOptions>("corruption", "Block corruption: decoder errors, packet loss, damage baked in.", o => new BlockCorruptionDetector(o), json.BlockCorruptionDetectorOptions, new()),
            new DetectorDescriptor<AvSyncDetectorOptions>("avsync", "Audio/video sync offset (timestamps, a reference, or the content).", o => new AvSyncDetector(o), json.AvSyncDetectorOptions, new()),
            new DetectorDescriptor<BlackDetectorOptions>("black", "Black pictures.", o => new BlackDetector(o), json.BlackDetectorOptions, new()),
            new DetectorDescriptor<SilenceDetectorOptions>("silence", "Silence, per channel.", o => new SilenceDetector(o), json.SilenceDetectorOptions, new()),
            new DetectorDescriptor<LoudnessDetectorOptions>("loudness", "Loudness (EBU R 128 / ATSC A/85), events against a profile.", o => new LoudnessDetector(o), json.LoudnessDetectorOptions, new()),
            new DetectorDescriptor<ClippingDetectorOptions>("clipping", "Clipped audio samples.", o => new ClippingDetector(o), json.ClippingDetectorOptions, new()),
        ];
    }
}
