namespace VideoDefects.Analysis;

/// <summary>An <see cref="IDefectEventWriter"/> that keeps every event in a list.</summary>
public sealed class DefectEventList : IDefectEventWriter
{
    private readonly List<DefectEvent> _events = [];

    /// <summary>The events written so far, in the order written.</summary>
    public IReadOnlyList<DefectEvent> Events => _events;

    /// <inheritdoc />
    public void Write(DefectEvent defect)
    {
        ArgumentNullException.ThrowIfNull(defect);
        _events.Add(defect);
    }
}
