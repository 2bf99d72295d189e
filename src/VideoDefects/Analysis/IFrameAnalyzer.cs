using VideoDefects.Frames;

namespace VideoDefects.Analysis;

/// <summary>
/// A per-stream, stateful detector. The pipeline calls <see cref="Start"/> once, then feeds frames (and audio blocks,
/// when <see cref="WantsAudio"/>) in stream order, then <see cref="Complete"/> at the end of the stream so that an
/// event still open is reported. Analyzers know nothing of where they run: the same instance works under the CLI,
/// Lambda, a worker service or Orleans.
/// </summary>
/// <remarks>
/// Frames are shared by every analyzer and go back to their pool after the call: keep copies, not references.
/// <see cref="SaveCheckpoint"/> and <see cref="RestoreCheckpoint"/> carry the state between frames so that a host can
/// continue a stream in another segment, process or machine; analysing in pieces with hand-off gives the same events
/// as one pass.
/// </remarks>
public interface IFrameAnalyzer
{
    /// <summary>A short stable name, used as the events' <see cref="DefectEvent.Detector"/> and in checkpoints.</summary>
    string Name { get; }

    /// <summary>Whether <see cref="OnAudio"/> should be called.</summary>
    bool WantsAudio { get; }

    /// <summary>Prepares for a stream of <paramref name="media"/>. Called once before any frame.</summary>
    void Start(MediaInfo media);

    /// <summary>Analyses one frame; <paramref name="features"/> holds per-frame figures shared by all analyzers.</summary>
    void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events);

    /// <summary>Analyses one block of audio (only when <see cref="WantsAudio"/>).</summary>
    void OnAudio(AudioBlock block, IDefectEventWriter events);

    /// <summary>The stream ended: report what is still open.</summary>
    void Complete(IDefectEventWriter events);

    /// <summary>The state between frames, to continue elsewhere with <see cref="RestoreCheckpoint"/>.</summary>
    AnalyzerCheckpoint SaveCheckpoint();

    /// <summary>Continues from a state saved by an analyzer of the same name and options (after <see cref="Start"/>).</summary>
    void RestoreCheckpoint(AnalyzerCheckpoint checkpoint);

    /// <summary>Whether an event that began at or before the last frame seen may still be written (a freeze being
    /// timed, a corruption episode open). A host analysing an input in pieces reads past a piece's end until no
    /// analyzer has one, so every event is seen whole by the piece it starts in.</summary>
    bool HasPendingEvent => false;

    /// <summary>Whether the analyzer reads the colour planes. When none does, a source that can (see
    /// <see cref="Pipeline.ILumaOnlySource"/>) decodes luma only: a third less to move per 4:2:0 frame. Default true,
    /// so an analyzer that does not say always gets whole frames.</summary>
    bool NeedsChroma => true;
}
