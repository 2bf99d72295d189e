namespace VideoDefects.Analysis;

/// <summary>One defect found in a stream: what, when (seconds and frames), how sure, and where.</summary>
public sealed record DefectEvent
{
    /// <summary>What kind of defect.</summary>
    public required DefectKind Kind { get; init; }

    /// <summary>Seconds: the first frame that shows the defect.</summary>
    public required double Start { get; init; }

    /// <summary>Seconds: the end of the last frame that shows it (exclusive).</summary>
    public required double End { get; init; }

    /// <summary>0 to 1: how sure the detector is.</summary>
    public required double Confidence { get; init; }

    /// <summary>Index of the first frame that shows the defect, when it is tied to frames.</summary>
    public long? FirstFrame { get; init; }

    /// <summary>Index of the last frame that shows the defect.</summary>
    public long? LastFrame { get; init; }

    /// <summary>The analyzer that reported it.</summary>
    public string? Detector { get; init; }

    /// <summary>Detector-specific figures (e.g. <c>mafd</c>, <c>affectedArea</c>, <c>audioDelayMs</c>).</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Where in the picture, when the detector localises it.</summary>
    public PixelRegion? Region { get; init; }

    /// <summary>Which part of the input or which measure the event concerns, when one detector can report several at
    /// the same moment: an audio channel (<c>channel 0</c>), a loudness measure (<c>truePeak</c>, <c>shortTerm</c>,
    /// <c>integrated</c>). Null for most events.</summary>
    public string? Scope { get; init; }

    /// <summary>A stable identity: the same defect analysed again (or resumed on another host) has the same id.</summary>
    public string Id => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Detector}:{Kind}:{FirstFrame?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Start.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}{(Scope is null ? string.Empty : ":" + Scope)}");

    /// <summary>Duration in seconds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Duration => End - Start;
}
