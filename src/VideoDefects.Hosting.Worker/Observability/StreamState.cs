namespace VideoDefects.Hosting.Worker;

/// <summary>The state of one monitored stream.</summary>
public enum StreamState
{
    /// <summary>Not connected yet.</summary>
    Starting,

    /// <summary>Frames are arriving.</summary>
    Alive,

    /// <summary>Connected, but no frame for more than half the stall timeout.</summary>
    Stale,

    /// <summary>Lost: failed, stalled or never connected; reconnecting.</summary>
    Down,
}
