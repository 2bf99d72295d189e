using VideoDefects.Analysis;

namespace VideoDefects.Detectors.AvSync.Reference;

/// <summary>
/// A reference recorded live, alongside the copy it is compared with — typically the feed going into a playout chain
/// or an encoder, monitored against what comes out (<see cref="AvSyncDetectorOptions.LiveReference"/>). Run
/// <see cref="Recorder"/> in the reference's own pipeline (on any thread); the copy's detector reads what it has
/// recorded. Only the last <see cref="History"/> is kept, so memory stays bounded on a stream that never ends.
/// </summary>
/// <remarks>The two streams' clocks must roughly agree (both start when their monitors start): the delay between them
/// is searched within <see cref="AvSyncDetectorOptions.ReferenceMaxOffset"/>. The audio/video offset does not depend
/// on that agreement — a common shift moves picture and sound alike.</remarks>
public sealed class LiveSyncReference
{
    private readonly object _gate = new();
    private readonly SyncSignatureRecorder _recorder;

    /// <summary>Creates a live reference that keeps the last <paramref name="history"/> (at least 10 s; default 2 min).</summary>
    public LiveSyncReference(TimeSpan? history = null)
    {
        History = history ?? TimeSpan.FromMinutes(2);
        ArgumentOutOfRangeException.ThrowIfLessThan(History, TimeSpan.FromSeconds(10), nameof(history));
        _recorder = new SyncSignatureRecorder(_gate, History.TotalSeconds);
    }

    /// <summary>How much of the reference is kept.</summary>
    public TimeSpan History { get; }

    /// <summary>The analyzer that records the reference: add it to the reference stream's pipeline.</summary>
    public IFrameAnalyzer Recorder => _recorder;

    /// <summary>How far the reference has been recorded, in seconds on its clock.</summary>
    public double RecordedUntil
    {
        get
        {
            lock (_gate)
            {
                return _recorder.Signature.RecordedUntil;
            }
        }
    }

    /// <summary>The reference from <paramref name="from"/> to <paramref name="to"/>, moved to start at 0
    /// (<see cref="SyncSignature.Excerpt"/>).</summary>
    internal SyncSignature Excerpt(double from, double to)
    {
        lock (_gate)
        {
            return _recorder.Signature.Excerpt(from, to);
        }
    }
}
