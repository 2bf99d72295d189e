using VideoDefects.Analysis;

namespace VideoDefects.Detectors.AvSync;

/// <summary>
/// One <see cref="DefectKind.AvSyncOffset"/> event over consecutive measurements of a stream: open while the measured
/// delay stays outside the profile's limits and within a frame of the delay it opened with, written when that ends.
/// Shared by the detectors that measure a live stream window by window (a live reference, lip sync), so that their
/// events and checkpoints have one shape.
/// </summary>
public sealed class AvSyncOffsetRun
{
    private readonly string _detector;
    private readonly AvSyncProfile _profile;
    private (double Start, double End, double Delay, double Confidence)? _open;

    /// <summary>Creates a run that reports as <paramref name="detector"/>, judged by <paramref name="profile"/>'s limits.</summary>
    public AvSyncOffsetRun(string detector, AvSyncProfile profile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(detector);
        (_detector, _profile) = (detector, profile);
    }

    /// <summary>Whether an offset is open (measured, not yet written).</summary>
    public bool IsOpen => _open is not null;

    /// <summary>Whether <paramref name="delayMs"/> is outside <paramref name="profile"/>'s limits.</summary>
    public static bool Outside(AvSyncProfile profile, double delayMs)
    {
        var (early, late) = AvSyncDetectorOptions.Limits(profile);
        return delayMs > late || delayMs < -early;
    }

    /// <summary>The event for an offset of <paramref name="delayMs"/> over [start, end), with the profile's limits in
    /// its metrics.</summary>
    public static DefectEvent OffsetEvent(string detector, AvSyncProfile profile, double start, double end, double delayMs, double confidence)
    {
        var (early, late) = AvSyncDetectorOptions.Limits(profile);
        return new DefectEvent
        {
            Kind = DefectKind.AvSyncOffset,
            Start = start,
            End = end,
            Confidence = confidence,
            Detector = detector,
            Metrics = new Dictionary<string, double>
            {
                ["audioDelayMs"] = delayMs,
                ["limitEarlyMs"] = early,
                ["limitLateMs"] = late,
            },
        };
    }

    /// <summary>Adds the measurement of [<paramref name="start"/>, <paramref name="end"/>) (<paramref name="delayMs"/>
    /// null: no answer): extends the open offset when it holds within <paramref name="frameMs"/>, else writes it and,
    /// when this one is outside the limits, opens a new one.</summary>
    /// <returns>The offset just opened (to announce as provisional, if the caller does), or <see langword="null"/>.</returns>
    public DefectEvent? Add(double start, double end, double? delayMs, double confidence, double frameMs, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var outside = delayMs is { } delay && Outside(_profile, delay);
        if (_open is { } open && outside && Math.Abs(delayMs!.Value - open.Delay) <= frameMs)
        {
            _open = open with { End = end, Confidence = Math.Min(open.Confidence, confidence) };
            return null;
        }

        Close(events);
        if (!outside)
        {
            return null;
        }

        _open = (start, end, delayMs!.Value, confidence);
        return OffsetEvent(_detector, _profile, start, end, delayMs.Value, confidence);
    }

    /// <summary>Writes the open offset, if any: its delay changed, or the input ended.</summary>
    public void Close(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_open is { } open)
        {
            events.Write(OffsetEvent(_detector, _profile, open.Start, open.End, open.Delay, open.Confidence));
            _open = null;
        }
    }

    /// <summary>Forgets the open offset (a new stream).</summary>
    public void Reset() => _open = null;

    /// <summary>Writes the open offset to a checkpoint.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_open is not null);
        if (_open is { } open)
        {
            writer.Write(open.Start);
            writer.Write(open.End);
            writer.Write(open.Delay);
            writer.Write(open.Confidence);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Restore(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _open = reader.ReadBoolean() ? (reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()) : null;
    }
}
