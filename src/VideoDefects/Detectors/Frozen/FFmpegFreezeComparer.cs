using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Detectors.Frozen;

/// <summary>FFmpeg <c>freezedetect</c>'s rule: <c>mafd = Σ|cur − ref| / pixels / 256</c> over all planes,
/// frozen when <c>mafd ≤ n</c>.</summary>
internal sealed class FFmpegFreezeComparer(FrozenFrameDetectorOptions options) : IFreezeComparer
{
    private VideoFrame? _reference;

    public string MetricName => "mafd";

    public void Start(VideoFormat format)
    {
        _reference?.Dispose();
        _reference = VideoFrame.Create(format);
    }

    public void Observe(VideoFrame frame, FrameFeatures features)
    {
        // freezedetect has no notion of graphics: nothing to learn.
    }

    public void SetReference(VideoFrame frame, FrameFeatures features) => Reference.CopyFrom(frame);

    public (PixelRegion? Top, PixelRegion? Bottom) DiscountedRegions() => default;

    public FreezeVerdict Compare(VideoFrame frame, FrameFeatures features)
    {
        var reference = Reference;
        ulong sad = 0;
        long count = 0;
        for (var p = 0; p < frame.Format.PixelFormat.PlaneCount(); p++)
        {
            var a = frame.GetPlane(p);
            sad += FrameMath.Sad(a, reference.GetPlane(p));
            count += (long)a.Width * a.Height;
        }

        var mafd = (double)sad / count / 256.0;
        var noise = options.NoiseRatio;
        return new FreezeVerdict(mafd <= noise, mafd, noise > 0 ? Math.Min(1, mafd / noise) : 0);
    }

    public void Save(BinaryWriter writer) => writer.Write(Reference.Buffer);

    public void Restore(BinaryReader reader)
    {
        var buffer = Reference.GetWritableBuffer();
        if (reader.Read(buffer) != buffer.Length)
        {
            throw new InvalidDataException("Checkpoint is truncated.");
        }
    }

    private VideoFrame Reference => _reference ?? throw new InvalidOperationException("Start was not called.");
}
