using VideoDefects.Analysis;
using VideoDefects.Pipeline;

namespace VideoDefects.FFmpeg.Live;

/// <summary>What a <see cref="LiveAnalysisRunner"/> watches and how.</summary>
public sealed record LiveRunnerOptions
{
    /// <summary>The live input (UDP/SRT/RTMP/HLS URL or anything FFmpeg opens).</summary>
    public required string Source { get; init; }

    /// <summary>Makes the analyzers of one connection (the state of the previous one is handed over by checkpoint).</summary>
    public required Func<IReadOnlyList<IFrameAnalyzer>> CreateAnalyzers { get; init; }

    /// <summary>How the input is opened. Whether sound is decoded is the runner's to decide: only when an analyzer
    /// listens (<see cref="IFrameAnalyzer.WantsAudio"/>).</summary>
    public FFmpegSourceOptions SourceOptions { get; init; } = new();

    /// <summary>Ask the source for the container's packet timings even when no analyzer reads them (a live source
    /// learns from them where its sound starts against its picture).</summary>
    public bool RequestPacketTimings { get; init; }

    /// <summary>Back-off between reconnect attempts.</summary>
    public ReconnectPolicy Reconnect { get; init; } = new();

    /// <summary>Continue an analysis checkpointed elsewhere (its clock goes on from there).</summary>
    public PipelineCheckpoint? ResumeFrom { get; init; }

    /// <summary>After a connection that delivered frames ends, ask for a background full garbage collection (at most
    /// one a minute in the process), so that what the connection leaves behind is returned at once instead of
    /// raising the monitor's memory until the next full collection. Default true; turn it off in a host that tunes
    /// its own collections.</summary>
    public bool CollectAfterConnection { get; init; } = true;

    /// <summary>The clock that times outages and back-off.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
