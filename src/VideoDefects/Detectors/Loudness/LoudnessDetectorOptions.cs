namespace VideoDefects.Detectors.Loudness;

/// <summary>Options of <see cref="LoudnessDetector"/>.</summary>
public sealed record LoudnessDetectorOptions
{
    /// <summary>The delivery specification events are raised against. Default null: loudness is measured and
    /// summarised in the report, no event is raised (most inputs are not meant for any one specification).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(Registry.LoudnessProfileJsonConverter))]
    public LoudnessProfile? Profile { get; init; }

    /// <summary>Peaks or loud stretches closer together than this make one event. Default 1 s.</summary>
    public TimeSpan MergeGap { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        Profile?.Validate();
        if (MergeGap < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MergeGap), "The merge gap cannot be negative.");
        }
    }
}
