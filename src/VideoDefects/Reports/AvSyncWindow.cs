using System.Text.Json.Serialization;

namespace VideoDefects.Reports;

/// <summary>The estimate over one window of the input.</summary>
/// <param name="Start">Window start, seconds.</param>
/// <param name="End">Window end, seconds.</param>
/// <param name="AudioDelayMs">The window's estimate, or <see langword="null"/>.</param>
/// <param name="Confidence">0 to 1.</param>
public sealed record AvSyncWindow(double Start, double End, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AudioDelayMs, double Confidence);
