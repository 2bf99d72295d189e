using VideoDefects.Analysis;

namespace VideoDefects.Hosting.Orleans;

/// <summary>An event in a monitor's durable log.</summary>
/// <param name="Sequence">Position in the log (1, 2, …); poll with <c>GetEventsAsync(lastSeen)</c>.</param>
/// <param name="Event">The event; its <see cref="DefectEvent.Id"/> is stable across checkpoints and silos.</param>
[GenerateSerializer]
[Alias("videodefects.stored-event")]
public sealed record StoredEvent([property: Id(0)] long Sequence, [property: Id(1)] DefectEvent Event);
