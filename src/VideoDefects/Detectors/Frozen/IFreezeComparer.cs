using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.Frozen;

/// <summary>One way of telling whether a frame still shows the reference picture.</summary>
internal interface IFreezeComparer
{
    /// <summary>The name of <see cref="FreezeVerdict.Metric"/> in event metrics.</summary>
    string MetricName { get; }

    void Start(VideoFormat format);

    /// <summary>Sees every frame once, in order, before it is compared or taken as the reference.</summary>
    void Observe(VideoFrame frame, FrameFeatures features);

    void SetReference(VideoFrame frame, FrameFeatures features);

    /// <summary>The parts of the picture's top and bottom halves left out of the current run's decision as live
    /// graphics (null where none).</summary>
    (PixelRegion? Top, PixelRegion? Bottom) DiscountedRegions();

    FreezeVerdict Compare(VideoFrame frame, FrameFeatures features);

    void Save(BinaryWriter writer);

    void Restore(BinaryReader reader);
}

/// <summary>The comparison of one frame with the reference.</summary>
/// <param name="Frozen">Whether it still shows the reference picture.</param>
/// <param name="Metric">The comparer's difference figure (reported as the mean over the freeze).</param>
/// <param name="Closeness">0 = identical, 1 = at the decision threshold: how near the frame came to breaking the run.</param>
/// <param name="Discounted">Frozen only once the live graphics learned before the run were left out.</param>
internal readonly record struct FreezeVerdict(bool Frozen, double Metric, double Closeness, bool Discounted = false);
