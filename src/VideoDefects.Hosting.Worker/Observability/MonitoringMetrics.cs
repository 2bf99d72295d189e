using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace VideoDefects.Hosting.Worker;

/// <summary>The <c>VideoDefects.Monitoring</c> meter, ready for OpenTelemetry: frames analysed, defects by kind,
/// reconnects, dropped events, and per stream the age of the last frame (how far behind the decoder is).</summary>
public sealed class MonitoringMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "VideoDefects.Monitoring";

    private readonly Counter<long> _frames;
    private readonly Counter<long> _defects;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _dropped;
    private readonly ConcurrentDictionary<string, long> _lastFrameTicks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public MonitoringMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time;
        var meter = meters.Create(MeterName);
        _frames = meter.CreateCounter<long>("videodefects.frames", "{frame}", "Frames analysed.");
        _defects = meter.CreateCounter<long>("videodefects.defects", "{event}", "Defect events, by stream and kind.");
        _reconnects = meter.CreateCounter<long>("videodefects.reconnects", "{reconnect}", "Reconnect attempts after a loss.");
        _dropped = meter.CreateCounter<long>("videodefects.events.dropped", "{event}", "Events dropped by a full sink queue.");
        meter.CreateObservableGauge("videodefects.frame.age", ObserveFrameAge, "s", "Seconds since each stream's last analysed frame.");
    }

    internal void Frames(string stream, long count)
    {
        _frames.Add(count, new KeyValuePair<string, object?>("stream", stream));
        _lastFrameTicks[stream] = _time.GetTimestamp();
    }

    internal void Defect(StreamDefectEvent defect) =>
        _defects.Add(1, new KeyValuePair<string, object?>("stream", defect.Stream), new KeyValuePair<string, object?>("kind", defect.Event.Kind.ToString()));

    internal void Reconnect(string stream) => _reconnects.Add(1, new KeyValuePair<string, object?>("stream", stream));

    internal void EventDropped() => _dropped.Add(1);

    private IEnumerable<Measurement<double>> ObserveFrameAge()
    {
        foreach (var (stream, ticks) in _lastFrameTicks)
        {
            yield return new Measurement<double>(_time.GetElapsedTime(ticks).TotalSeconds, new KeyValuePair<string, object?>("stream", stream));
        }
    }
}
