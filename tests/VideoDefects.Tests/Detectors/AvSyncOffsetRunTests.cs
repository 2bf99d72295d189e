using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Detectors;

public class AvSyncOffsetRunTests
{
    private const double FrameMs = 40;

    [Fact]
    public void One_event_lasts_while_the_delay_holds_within_a_frame_outside_the_limits()
    {
        var (_, late) = AvSyncDetectorOptions.Limits(AvSyncProfile.Bt1359Detectability);
        var run = new AvSyncOffsetRun("test", AvSyncProfile.Bt1359Detectability);
        var events = new RecordingEvents();
        double?[] delays = [0, late + 80, late + 100, late + 90, null, -(late + 200), -(late + 200)];
        var opened = new List<DefectEvent>();
        for (var i = 0; i < delays.Length; i++)
        {
            if (run.Add(i * 10, (i + 1) * 10, delays[i], 0.9 - (0.1 * i), FrameMs, events) is { } started)
            {
                opened.Add(started);
            }
        }

        Assert.True(run.IsOpen);
        run.Close(events);
        Assert.False(run.IsOpen);
        Assert.Equal([(10.0, 40.0, late + 80), (50.0, 70.0, -(late + 200))], events.Final.Select(e => (e.Start, e.End, e.Metrics!["audioDelayMs"])));
        Assert.All(events.Final, e => Assert.Equal(DefectKind.AvSyncOffset, e.Kind));
        Assert.Equal(0.6, events.Final[0].Confidence, 6); // the weakest of its windows
        Assert.Equal([10.0, 50.0], opened.Select(e => e.Start));
    }

    [Property(MaxTest = 200)]
    public void A_run_saved_and_restored_anywhere_writes_what_one_run_writes(int[] rawDelays, NonNegativeInt cut)
    {
        // Delays from -400 to 400 ms in 20 ms steps: inside and outside the limits, within a frame and not.
        var delays = rawDelays.Select(d => d % 3 == 0 ? (double?)null : (d % 41) * 20.0).ToArray();
        var at = delays.Length == 0 ? 0 : cut.Get % (delays.Length + 1);

        var whole = new RecordingEvents();
        var one = new AvSyncOffsetRun("test", AvSyncProfile.EbuR37);
        Feed(one, delays, 0, delays.Length, whole);
        one.Close(whole);

        var pieces = new RecordingEvents();
        var first = new AvSyncOffsetRun("test", AvSyncProfile.EbuR37);
        Feed(first, delays, 0, at, pieces);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.Save(writer);
        }

        stream.Position = 0;
        var second = new AvSyncOffsetRun("test", AvSyncProfile.EbuR37);
        using (var reader = new BinaryReader(stream))
        {
            second.Restore(reader);
        }

        Feed(second, delays, at, delays.Length, pieces);
        second.Close(pieces);

        Assert.Equal(whole.Final.Select(e => (e.Start, e.End, e.Confidence, e.Metrics!["audioDelayMs"])), pieces.Final.Select(e => (e.Start, e.End, e.Confidence, e.Metrics!["audioDelayMs"])));
    }

    private static void Feed(AvSyncOffsetRun run, double?[] delays, int from, int to, RecordingEvents events)
    {
        for (var i = from; i < to; i++)
        {
            run.Add(i * 10, (i + 1) * 10, delays[i], 1.0 / (1 + (i % 7)), FrameMs, events);
        }
    }
}
