using VideoDefects.Analysis;

namespace VideoDefects.Hosting.Worker;

/// <summary>An event of one monitored stream.</summary>
/// <param name="Stream">The stream's configured name.</param>
/// <param name="Event">The event, with times on the stream's clock (seconds since monitoring began, outages included).</param>
/// <param name="ObservedAt">Wall-clock time the event was reported.</param>
public sealed record StreamDefectEvent(string Stream, DefectEvent Event, DateTimeOffset ObservedAt);
