using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Registry;
using VideoDefects.Hosting.Orleans.Watchdog;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Hosting.Orleans.Grains;

/// <summary>
/// One monitored stream. The analysis runs beside the grain (<see cref="MonitorRun"/>, on the thread pool); a grain
/// timer persists its snapshots — checkpoint plus events, deduplicated by event id — to grain storage. When the silo
/// dies, the watchdog re-activates the grain elsewhere and it resumes from the last checkpoint, reporting the gap as
/// <c>signalLoss</c>. The run ends with its silo's host, as it would with the process.
/// </summary>
[ActivationCountBasedPlacement]
internal sealed partial class StreamMonitorGrain(
    [PersistentState("monitor", VideoDefectsOrleans.StorageName)] IPersistentState<StreamMonitorState> state,
    IHostApplicationLifetime silo,
    DetectorRegistry registry,
    ILogger<StreamMonitorGrain> logger) : Grain, IStreamMonitorGrain
{
    private MonitorRun? _run;
    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { Running: true, Config: not null })
        {
            await ResumeAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A graceful move (silo shutdown, rebalancing): checkpoint so the next activation continues seamlessly.
        if (_run is not null)
        {
            Merge(await _run.StopAsync(complete: false));
            _run = null;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task StartAsync(MonitorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        registry.Create(config.Detectors, registry.ParseSettings(config.DetectorOptions)).Dispose(); // unknown names, bad options fail the call, not the run
        ArgumentOutOfRangeException.ThrowIfLessThan(config.EventLogCapacity, 1);
        if (config.StallTimeout < TimeSpan.FromSeconds(1) || config.StallTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.StallTimeout, "StallTimeout must be between 1 s and 10 min.");
        }
        if (state.State.Running && Same(state.State.Config, config) && _run is not null)
        {
            return;
        }

        await StopRunAsync(complete: true);
        state.State = new StreamMonitorState { Config = config, Running = true };
        await state.WriteStateAsync();
        await Registry.AddAsync(this.GetPrimaryKeyString());
        StartRun(null);
    }

    public async Task StopAsync()
    {
        await StopRunAsync(complete: true);
        state.State.Running = false;
        state.State.Checkpoint = null;
        await state.WriteStateAsync();
        await Registry.RemoveAsync(this.GetPrimaryKeyString());
    }

    public Task<MonitorStatus> GetStatusAsync() => Task.FromResult(new MonitorStatus(
        state.State.Running,
        _run is null ? null : RuntimeIdentity,
        _run?.Frames ?? state.State.Frames,
        _run?.Clock ?? state.State.Clock,
        state.State.CheckpointAt,
        state.State.Events.Count,
        state.State.Resumes,
        _run?.LastError,
        state.State.EventsDropped));

    public Task<StoredEvent[]> GetEventsAsync(long since) => Task.FromResult(state.State.Events
        .Where(e => e.Sequence > since)
        .Select(e => new StoredEvent(e.Sequence, ReportJson.DeserializeEventLine(e.Json)))
        .ToArray());

    public async Task EnsureRunningAsync()
    {
        if (state.State is { Running: true, Config: not null } && _run is null)
        {
            await ResumeAsync();
        }
    }

    private IMonitorRegistryGrain Registry => GrainFactory.GetGrain<IMonitorRegistryGrain>(MonitorRegistryGrain.DefaultKey);

    /// <summary>Continues from the stored checkpoint; the time since it was written is a gap nobody analysed.</summary>
    private async Task ResumeAsync()
    {
        PipelineCheckpoint? checkpoint = null;
        if (state.State.Checkpoint is { } bytes)
        {
            var gap = state.State.CheckpointAt is { } at ? Math.Max(0, (DateTimeOffset.UtcNow - at).TotalSeconds) : 0;
            var saved = PipelineCheckpoint.FromBytes(bytes);
            checkpoint = saved with { TimeSoFar = saved.TimeSoFar + gap };
            Merge(new MonitorSnapshot(null, [MonitorRun.SignalLoss(saved.TimeSoFar, gap, saved.FramesSoFar, "resumed")], saved.FramesSoFar, checkpoint.TimeSoFar));
        }

        state.State.Resumes++;
        await state.WriteStateAsync();
        Resumed(logger, IdentityString, RuntimeIdentity);
        StartRun(checkpoint);
    }

    private void StartRun(PipelineCheckpoint? checkpoint)
    {
        var config = state.State.Config!;
        _run = new MonitorRun(config, registry, checkpoint, logger, silo.ApplicationStopping);
        _run.Start();
        _timer?.Dispose();
        var period = config.CheckpointInterval > TimeSpan.Zero ? config.CheckpointInterval : TimeSpan.FromSeconds(10);
        _timer = this.RegisterGrainTimer(PersistAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task StopRunAsync(bool complete)
    {
        _timer?.Dispose();
        _timer = null;
        if (_run is not null)
        {
            Merge(await _run.StopAsync(complete));
            _run = null;
        }
    }

    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        if (_run?.TakeSnapshot() is { } snapshot)
        {
            Merge(snapshot);
            await state.WriteStateAsync(cancellationToken);
        }
    }

    /// <summary>Adds a snapshot's events to the bounded log (<see cref="DurableEventLog"/>) and takes its checkpoint.</summary>
    private void Merge(MonitorSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            return;
        }

        state.State.EventsDropped += DurableEventLog.Merge(state.State.Events, snapshot.Events, state.State.Config?.EventLogCapacity ?? MonitorConfig.DefaultEventLogCapacity);
        state.State.Checkpoint = snapshot.Checkpoint ?? state.State.Checkpoint;
        state.State.Frames = snapshot.Frames;
        state.State.Clock = snapshot.Clock;
        state.State.CheckpointAt = DateTimeOffset.UtcNow;
    }

    private static bool Same(MonitorConfig? a, MonitorConfig b) =>
        a is not null && a.Source == b.Source && a.Detectors.SequenceEqual(b.Detectors) && a.DetectorOptions == b.DetectorOptions && a.StallTimeout == b.StallTimeout && a.CheckpointInterval == b.CheckpointInterval && a.TrustedInput == b.TrustedInput
        && a.EventLogCapacity == b.EventLogCapacity;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Monitor {Stream} resumed on {Silo}")]
    private static partial void Resumed(ILogger logger, string stream, string silo);
}
