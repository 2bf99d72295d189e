namespace VideoDefects.FFmpeg.Reference;

/// <summary>
/// How much of a long reference is decoded for its sync signature (<see cref="ReferenceSignature.LoadAsync"/>):
/// a reference at least <see cref="MinDuration"/> long is fingerprinted in samples of <see cref="Span"/>, one per
/// <see cref="Period"/>, spread evenly from its start to its end, each decoded from the keyframe before it.
/// </summary>
/// <remarks>
/// Decoding the reference is what an in-run comparison costs (its own H.264/HEVC decode, about as much as the
/// copy's): a third of it is far more than alignment needs — picture and sound are each aligned to within a
/// fraction of a frame on a few seconds of a moving picture — and the delay, the offset and their drift along the input
/// are still measured from start to end. Per-window values (<c>AvSyncReport.Windows</c>) are given only for windows
/// of the copy that a sample covers by half or more — and, when there is no whole-input delay to search near, only
/// where a sample covers the window ± the search range. A signature saved with <c>videodefects signature</c> is taken
/// whole: it is recorded once and serves many copies.
/// </remarks>
public sealed record ReferenceSampling
{
    private readonly TimeSpan _span = TimeSpan.FromSeconds(45);
    private readonly TimeSpan _period = TimeSpan.FromSeconds(135);

    /// <summary>Samples of 45 s, one per 135 s (a third of the picture), for references of 3 minutes or more.</summary>
    public static ReferenceSampling Default { get; } = new();

    /// <summary>Always the whole reference.</summary>
    public static ReferenceSampling Whole { get; } = new() { MinDuration = TimeSpan.MaxValue };

    /// <summary>References shorter than this are fingerprinted whole. Default 3 minutes.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Length of each sample (at least 5 s). Default 45 s: a 10 s window searched afresh ± 10 s fits in one.</summary>
    public TimeSpan Span
    {
        get => _span;
        init => _span = value >= TimeSpan.FromSeconds(5) ? value : throw new ArgumentOutOfRangeException(nameof(Span), value, "A sample must be at least 5 s long.");
    }

    /// <summary>One sample per this much of the reference; no longer than <see cref="Span"/>, the reference is decoded
    /// whole. Default 135 s.</summary>
    public TimeSpan Period
    {
        get => _period;
        init => _period = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(Period), value, "The period must be positive.");
    }

    /// <summary>The first frame of each sample of a reference of <paramref name="duration"/>; null: decode it whole
    /// (short, of unknown length, or samples that would cover it anyway).</summary>
    internal IReadOnlyList<long>? FirstFrames(TimeSpan? duration, double frameRate)
    {
        if (duration is not { } length || length < MinDuration || Period <= Span)
        {
            return null;
        }

        var count = Math.Max(2, (int)Math.Ceiling(length / Period));
        if (count * Span >= length)
        {
            return null;
        }

        // From the start to the end: the last sample ends with the reference, so drift shows over its whole length.
        var step = (length - Span).TotalSeconds / (count - 1);
        return [.. Enumerable.Range(0, count).Select(k => (long)Math.Round(k * step * frameRate))];
    }
}
