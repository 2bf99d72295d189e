using VideoDefects.Analysis;

namespace VideoDefects.Pipeline;

/// <summary>Options of an <see cref="AnalysisPipeline"/>.</summary>
public sealed class PipelineOptions
{
    /// <summary>Receives each event as soon as an analyzer reports it (live monitoring); the report gets them too.
    /// Default: none.</summary>
    public IDefectEventWriter? LiveEvents { get; set; }

    /// <summary>Keep every event for <see cref="AnalysisPipeline.Events"/> and the report. Default: true. A perpetual
    /// monitor that takes its events from <see cref="LiveEvents"/> sets false: a stream that never ends would otherwise
    /// keep a list that never ends (a damaged feed: thousands of events a day).</summary>
    public bool RetainEvents { get; set; } = true;

    /// <summary>When the token passed to <see cref="AnalysisPipeline.RunAsync"/> is cancelled, return a report marked
    /// <see cref="Reports.AnalysisReport.Partial"/> covering what was analysed, instead of throwing. Default: false.</summary>
    public bool PartialReportOnCancellation { get; set; }

    /// <summary>Clock for the report's performance figures. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Called every this many frames with progress (frames so far, stream seconds so far). Default: none.</summary>
    public Action<long, double>? Progress { get; set; }
}
