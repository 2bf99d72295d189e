using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Hosting.Orleans.Grains;

namespace VideoDefects.IntegrationTests.Orleans;

/// <summary>The monitor grain's durable log stays within its capacity for ever, keeps the newest events in order with
/// increasing sequence numbers, and replaces an event it still holds instead of duplicating it.</summary>
public class DurableEventLogTests
{
    [Property(MaxTest = 300)]
    public bool The_log_keeps_the_newest_events_within_its_capacity(PositiveInt capacitySeed, byte[][] batches)
    {
        var capacity = (capacitySeed.Get % 10) + 1;
        var log = new List<LoggedEvent>();
        var model = new List<string>(); // ids in order of first addition, as a log without a bound would hold them
        long dropped = 0;
        foreach (var batch in batches)
        {
            // A small id space, so that batches repeat events (a checkpoint re-lived, a provisional event made final).
            var events = batch.Select(b => Event(b % 16)).ToList();
            var held = log.Select(l => l.Id).ToHashSet();
            foreach (var e in events)
            {
                if (held.Add(e.Id))
                {
                    model.Add(e.Id);
                }
            }

            dropped += DurableEventLog.Merge(log, events, capacity);
            if (log.Count > capacity || log.Select(l => l.Id).Distinct().Count() != log.Count)
            {
                return false;
            }
        }

        var sequences = log.Select(l => l.Sequence).ToList();
        return sequences.Zip(sequences.Skip(1)).All(p => p.First < p.Second)
            && log.Select(l => l.Id).SequenceEqual(model.Skip(model.Count - log.Count))
            && dropped + log.Count == model.Count
            && (log.Count == 0 || log[^1].Sequence == model.Count);
    }

    [Fact]
    public void An_event_still_in_the_log_is_replaced_and_a_dropped_one_comes_back_as_new()
    {
        var log = new List<LoggedEvent>();
        Assert.Equal(0, DurableEventLog.Merge(log, [Event(1), Event(2)], capacity: 2));
        Assert.Equal(0, DurableEventLog.Merge(log, [Event(2, confidence: 0.5)], capacity: 2));
        Assert.Equal([1L, 2L], log.Select(l => l.Sequence));
        Assert.Contains("0.5", log[1].Json, StringComparison.Ordinal);
        Assert.Equal(1, DurableEventLog.Merge(log, [Event(3)], capacity: 2)); // event 1 dropped
        Assert.Equal(1, DurableEventLog.Merge(log, [Event(1)], capacity: 2)); // it is no longer known: a new entry
        Assert.Equal([3L, 4L], log.Select(l => l.Sequence));
    }

    private static DefectEvent Event(int n, double confidence = 0.9) => new()
    {
        Kind = DefectKind.FrozenFrame,
        Start = n,
        End = n + 1,
        Confidence = confidence,
        Detector = "frozen",
    };
}
