using VideoDefects.Analysis;
using VideoDefects.Reports;

namespace VideoDefects.Hosting.Orleans.Grains;

/// <summary>
/// The monitor's durable event log, bounded: the newest <c>capacity</c> events are kept and older ones dropped (and
/// counted). A monitor runs for months and its whole state is written to grain storage at every checkpoint, so a log
/// that only grew would grow the silo's memory, the storage and every write with it — on a damaged stream by
/// thousands of events a day. Sequence numbers keep counting across drops, so a poller that asks for what came after
/// its last sequence misses only what was dropped before it asked.
/// </summary>
internal static class DurableEventLog
{
    /// <summary>Adds <paramref name="events"/> to <paramref name="log"/>: an event whose id is still in the log (a
    /// checkpoint re-lived after a move, or a provisional event made final) replaces it, never duplicates it. Returns
    /// how many of the oldest entries were dropped to keep <paramref name="capacity"/>.</summary>
    public static int Merge(List<LoggedEvent> log, IEnumerable<DefectEvent> events, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        foreach (var defect in events)
        {
            var json = ReportJson.SerializeEventLine(defect);
            if (log.Find(e => e.Id == defect.Id) is { } existing)
            {
                existing.Json = json;
            }
            else
            {
                log.Add(new LoggedEvent { Sequence = log.Count == 0 ? 1 : log[^1].Sequence + 1, Id = defect.Id, Json = json });
            }
        }

        var excess = log.Count - capacity;
        if (excess <= 0)
        {
            return 0;
        }

        log.RemoveRange(0, excess);
        return excess;
    }
}
