using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace VideoDefects.Hosting.Worker;

/// <summary>Tracks each stream's state for the health check.</summary>
public sealed class StreamHealth(TimeProvider time, IOptions<VideoDefectMonitoringOptions> options) : IHealthCheck
{
    private readonly ConcurrentDictionary<string, (StreamState State, long LastFrame)> _streams = new(StringComparer.Ordinal);

    /// <summary>The current state of <paramref name="stream"/>.</summary>
    public StreamState StateOf(string stream)
    {
        if (!_streams.TryGetValue(stream, out var entry))
        {
            return StreamState.Starting;
        }

        return entry.State == StreamState.Alive && time.GetElapsedTime(entry.LastFrame) > options.Value.StallTimeout / 2
            ? StreamState.Stale
            : entry.State;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = options.Value.Streams.ToDictionary(s => s.Name, s => StateOf(s.Name), StringComparer.Ordinal);
        var data = states.ToDictionary(kv => kv.Key, kv => (object)kv.Value.ToString(), StringComparer.Ordinal);
        var down = states.Count(kv => kv.Value == StreamState.Down);
        var result = down > 0
            ? HealthCheckResult.Unhealthy($"{down} of {states.Count} streams down.", data: data)
            : states.Values.Any(s => s is StreamState.Stale or StreamState.Starting)
                ? HealthCheckResult.Degraded("Some streams are stale or starting.", data: data)
                : HealthCheckResult.Healthy($"{states.Count} streams alive.", data);
        return Task.FromResult(result);
    }

    internal void Set(string stream, StreamState state) =>
        _streams.AddOrUpdate(stream, _ => (state, time.GetTimestamp()), (_, old) => (state, old.LastFrame));

    internal void FrameArrived(string stream) => _streams[stream] = (StreamState.Alive, time.GetTimestamp());
}
