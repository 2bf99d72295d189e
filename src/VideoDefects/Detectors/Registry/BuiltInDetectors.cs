namespace VideoDefects.Detectors.Registry;

/// <summary>The descriptors of the detectors this package has, in the order they run.</summary>
internal static class BuiltInDetectors
{
    public static DetectorDescriptor[] Create()
    {
        var json = DetectorOptionsJsonContext.Default;
        return
        [
            new DetectorDescriptor<Frozen.FrozenFrameDetectorOptions>("frozen", "Frozen pictures (freeze frames), robust to noise and live graphics.", o => new Frozen.FrozenFrameDetector(o), json.FrozenFrameDetectorOptions, new()),
            new DetectorDescriptor<Corruption.BlockCorruptionDetectorOptions>("corruption", "Block corruption: decoder errors, packet loss, damage baked in.", o => new Corruption.BlockCorruptionDetector(o), json.BlockCorruptionDetectorOptions, new()),
            new DetectorDescriptor<AvSync.AvSyncDetectorOptions>("avsync", "Audio/video sync offset (timestamps, a reference, or the content).", o => new AvSync.AvSyncDetector(o), json.AvSyncDetectorOptions, new()),
            new DetectorDescriptor<Black.BlackDetectorOptions>("black", "Black pictures.", o => new Black.BlackDetector(o), json.BlackDetectorOptions, new()),
            new DetectorDescriptor<Audio.SilenceDetectorOptions>("silence", "Silence, per channel.", o => new Audio.SilenceDetector(o), json.SilenceDetectorOptions, new()),
            new DetectorDescriptor<Loudness.LoudnessDetectorOptions>("loudness", "Loudness (EBU R 128 / ATSC A/85), events against a profile.", o => new Loudness.LoudnessDetector(o), json.LoudnessDetectorOptions, new()),
            new DetectorDescriptor<Audio.ClippingDetectorOptions>("clipping", "Clipped audio samples.", o => new Audio.ClippingDetector(o), json.ClippingDetectorOptions, new()),
        ];
    }
}
