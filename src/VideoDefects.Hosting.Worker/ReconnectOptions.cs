namespace VideoDefects.Hosting.Worker;

/// <summary>Exponential back-off between reconnect attempts, with jitter (see <c>VideoDefects.FFmpeg.Live.ReconnectPolicy</c>).</summary>
public sealed class ReconnectOptions
{
    /// <summary>First delay. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Factor between consecutive delays. Default 2.</summary>
    public double Multiplier { get; set; } = 2;

    /// <summary>Each delay is drawn from ±this share around its nominal value, so that monitors that lost one upstream
    /// together do not reconnect in lock-step. Default 0.2.</summary>
    public double Jitter { get; set; } = 0.2;
}
