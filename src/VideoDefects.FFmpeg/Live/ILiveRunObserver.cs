using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.FFmpeg.Live;

/// <summary>What a host hears from a <see cref="LiveAnalysisRunner"/>: the analysis' events, the connection's life and
/// the pipeline between frames. Called on the runner's thread; keep the work short (queue I/O elsewhere).</summary>
public interface ILiveRunObserver
{
    /// <summary>A final event, including the end of a signal loss (<c>signalLoss</c>, metric <c>ongoing</c> = 0).</summary>
    void Event(DefectEvent defect);

    /// <summary>An event still going on (a freeze, a signal loss as it begins); its final form, same id, follows.</summary>
    void EventStarted(DefectEvent provisional)
    {
    }

    /// <summary>The input opened and the analysis (continued from the hand-off, if any) starts.</summary>
    void Connected(MediaInfo media)
    {
    }

    /// <summary>Between frames, as often as the pipeline reports progress: the place to save a checkpoint.</summary>
    void Progress(AnalysisPipeline pipeline, long frames, double streamSeconds)
    {
    }

    /// <summary>The connection ended (input failed, stalled or ended, or could not be opened); <see cref="LiveAnalysisRunner.Checkpoint"/>
    /// holds the state to continue from, and a reconnect follows.</summary>
    void Disconnected(string reason)
    {
    }

    /// <summary>The runner stopped: <paramref name="checkpoint"/> is where to resume (<see cref="LiveStopMode.Checkpoint"/>),
    /// null when the analysis was completed.</summary>
    void Stopped(PipelineCheckpoint? checkpoint)
    {
    }
}
