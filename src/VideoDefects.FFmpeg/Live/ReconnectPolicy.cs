namespace VideoDefects.FFmpeg.Live;

/// <summary>Exponential back-off between reconnect attempts, with jitter so that many monitors that lost the same
/// upstream at once do not reconnect in lock-step.</summary>
public sealed record ReconnectPolicy
{
    /// <summary>First delay. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Factor between consecutive delays. Default 2.</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>Each delay is drawn from ±this share around its nominal value. Default 0.2.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Throws for a policy that cannot work.</summary>
    public void Validate()
    {
        if (InitialDelay < TimeSpan.Zero || MaxDelay < InitialDelay || !(Multiplier >= 1) || !(Jitter is >= 0 and < 1))
        {
            throw new ArgumentException("Reconnect: InitialDelay ≥ 0, MaxDelay ≥ InitialDelay, Multiplier ≥ 1 and Jitter in [0, 1) are required.");
        }
    }

    /// <summary>The nominal delay after <paramref name="nominal"/>: multiplied, capped.</summary>
    public TimeSpan Next(TimeSpan nominal) => TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, (long)(nominal.Ticks * Multiplier)));

    /// <summary><paramref name="nominal"/> with jitter, from a uniform draw <paramref name="unit"/> in [0, 1).</summary>
    public TimeSpan Jittered(TimeSpan nominal, double unit) => TimeSpan.FromTicks((long)(nominal.Ticks * (1 + (Jitter * ((2 * unit) - 1)))));
}
