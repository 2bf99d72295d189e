namespace VideoDefects.FFmpeg.Live;

/// <summary>What a <see cref="LiveAnalysisRunner"/> does with the analysis when it is stopped.</summary>
public enum LiveStopMode
{
    /// <summary>The stream is over: open events are closed (a freeze in progress gets its end).</summary>
    Complete,

    /// <summary>The analysis moves elsewhere: the analyzers' state is checkpointed, open events stay open, to be resumed
    /// from <see cref="LiveAnalysisRunner.Checkpoint"/>.</summary>
    Checkpoint,
}
