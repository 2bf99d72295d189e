namespace VideoDefects.Hosting.Worker;

/// <summary>The JSON-lines event file.</summary>
public sealed class EventLogOptions
{
    /// <summary>File events are appended to, one JSON object per line (the report schema's event fields plus
    /// <c>stream</c> and <c>observedAt</c>). Empty: no file.</summary>
    public string? Path { get; set; }
}
