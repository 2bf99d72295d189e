namespace VideoDefects.Hosting.Orleans;

/// <summary>Options of the Orleans adapter.</summary>
public sealed class VideoDefectsOrleansOptions
{
    /// <summary>How often each silo pings the running monitors (the bound on failover time once a dead silo is
    /// declared dead). Default 10 s.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(10);
}
