namespace VideoDefects.Analysis;

/// <summary>Receives the events analyzers report, as they are found.</summary>
public interface IDefectEventWriter
{
    /// <summary>Records a finished event.</summary>
    void Write(DefectEvent defect);

    /// <summary>Notes an event that has begun and is still going on (for live alarms): <paramref name="provisional"/>
    /// has the final event's id, its end is "so far", and the finished event follows through <see cref="Write"/>.
    /// Reports ignore it. Default: nothing.</summary>
    void Started(DefectEvent provisional)
    {
    }
}
