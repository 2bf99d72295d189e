using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Frames;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Detectors;

/// <summary>Silence, clipping and loudness events on generated stereo audio at 48 kHz.</summary>
public class AudioDetectorTests
{
    private const int Rate = 48_000;
    private static readonly AudioFormat Stereo = new(Rate, 2);

    /// <summary>A −20 dBFS 440 Hz tone; both channels silent 2–5 s; the right channel dead 7–10.5 s; 12 s.</summary>
    private static float Programme(long n, int channel)
    {
        var t = (double)n / Rate;
        var silent = t is >= 2 and < 5 || (channel == 1 && t is >= 7 and < 10.5);
        return silent ? 0 : AudioFeeder.Sine(n, 440, -20, Rate, Math.PI / 2); // a cosine: no zero sample at the edges
    }

    private static RecordingEvents Run(IFrameAnalyzer detector, Func<long, int, float> signal, double seconds, int block = 1024)
    {
        var events = new RecordingEvents();
        detector.Start(AudioFeeder.Media(Stereo));
        AudioFeeder.Feed(detector, events, Stereo, signal, 0, (long)(seconds * Rate), block);
        detector.Complete(events);
        return events;
    }

    [Fact]
    public void Silence_of_the_programme_and_a_dead_channel_are_told_apart()
    {
        var events = Run(new SilenceDetector(new SilenceDetectorOptions { MinDuration = TimeSpan.FromSeconds(2) }), Programme, 12);
        Assert.Collection(
            events.Final,
            e => Assert.Equal((DefectKind.Silence, 2.0, 5.0, (string?)null), (e.Kind, e.Start, e.End, e.Scope)),
            e => Assert.Equal((DefectKind.Silence, 7.0, 10.5, "channel 1", 1.0), (e.Kind, e.Start, e.End, e.Scope, e.Metrics!["channel"])));
        Assert.Equal(2, events.Announced.Count); // each announced live once it lasted 2 s
        Assert.NotEqual(events.Final[0].Id, events.Final[1].Id);
    }

    [Fact]
    public void In_5_1_a_silent_LFE_is_normal_and_a_dead_front_channel_is_not()
    {
        // Front left (0) dead for the whole 4 s, LFE (3) silent throughout: only channel 0 is reported.
        var surround = new AudioFormat(Rate, 6);
        var detector = new SilenceDetector();
        var events = new RecordingEvents();
        detector.Start(AudioFeeder.Media(surround));
        AudioFeeder.Feed(detector, events, surround, (n, c) => c is 0 or 3 ? 0 : AudioFeeder.Sine(n, 440, -20, Rate, Math.PI / 2), 0, 4 * Rate);
        detector.Complete(events);
        Assert.Equal("channel 0", Assert.Single(events.Final).Scope);

        var all = new SilenceDetector(new SilenceDetectorOptions { IgnoreLfe = false });
        var everything = new RecordingEvents();
        all.Start(AudioFeeder.Media(surround));
        AudioFeeder.Feed(all, everything, surround, (n, c) => c is 0 or 3 ? 0 : AudioFeeder.Sine(n, 440, -20, Rate, Math.PI / 2), 0, 4 * Rate);
        all.Complete(everything);
        Assert.Equal(["channel 0", "channel 3"], everything.Final.Select(e => e.Scope!).Order());
    }

    [Fact]
    public void Silence_shorter_than_the_minimum_or_above_the_noise_level_is_not_reported()
    {
        Assert.DoesNotContain(Run(new SilenceDetector(new SilenceDetectorOptions { MinDuration = TimeSpan.FromSeconds(3.5) }), Programme, 12).Final, e => e.Scope is null);
        Assert.Empty(Run(new SilenceDetector(), (n, c) => AudioFeeder.Sine(n, 440, -55), 5).Final); // −55 dBFS is sound at −60 dB
    }

    [Fact]
    public void A_silence_still_going_at_the_end_is_reported_to_the_end() =>
        Assert.Equal((2.0, 6.0), Run(new SilenceDetector(), (n, c) => n < 2 * Rate ? AudioFeeder.Sine(n, 440, -20) : 0, 6).Final.Select(e => (e.Start, e.End)).Single());

    [Fact]
    public void Clipping_is_reported_per_channel_and_a_single_full_scale_peak_is_not()
    {
        // Left: a sine driven 6 dB into the rails 3-4 s (flat tops); right: full scale touched once per period (a
        // sine peaking exactly at 1.0 is one sample per peak at most).
        float Signal(long n, int c)
        {
            var t = (double)n / Rate;
            return c == 0
                ? t is >= 3 and < 4 ? Math.Clamp(AudioFeeder.Sine(n, 100, 6), -1f, 1f) : AudioFeeder.Sine(n, 100, -6)
                : AudioFeeder.Sine(n, 1000, 0);
        }

        var clip = Assert.Single(Run(new ClippingDetector(), Signal, 6).Final);
        Assert.Equal((DefectKind.Clipping, "channel 0"), (clip.Kind, clip.Scope));
        Assert.InRange(clip.Start, 3.0, 3.01);
        Assert.InRange(clip.End, 3.99, 4.0);
        Assert.Equal(200, clip.Metrics!["clips"]); // two flat tops per 100 Hz period
    }

    [Fact]
    public void Loudness_events_need_a_profile_and_name_what_broke_it()
    {
        // −14 dBFS stereo sine (≈ −14 LUFS) with a 0 dBFS burst at 5-6 s: too loud for R128, peaks over −1 dBTP.
        float Signal(long n, int c) => AudioFeeder.Sine(n, 1000, n >= 5 * Rate && n < 6 * Rate ? 0 : -14);
        Assert.Empty(Run(new LoudnessDetector(), Signal, 10).Final);

        var events = Run(new LoudnessDetector(new LoudnessDetectorOptions { Profile = LoudnessProfile.EbuR128 }), Signal, 10);
        var peak = Assert.Single(events.Final, e => e.Scope == "truePeak");
        Assert.InRange(peak.Start, 4.9, 5.1);
        Assert.InRange(peak.End, 5.9, 6.1);
        Assert.InRange(peak.Metrics!["truePeakDbtp"], -0.3, 0.3);
        var integrated = Assert.Single(events.Final, e => e.Scope == "integrated");
        // The power mean of 9 s at −14 and 1 s at 0 LUFS.
        var expected = 10 * Math.Log10(((9 * Math.Pow(10, -1.4)) + 1) / 10);
        Assert.InRange(integrated.Metrics!["integratedLufs"], expected - 0.2, expected + 0.2);
        Assert.Single(events.Announced); // the peak, live
    }

    [Property(MaxTest = 20)]
    public bool Audio_detectors_in_pieces_with_checkpoints_equal_one_pass(PositiveInt cut, PositiveInt block)
    {
        var end = 12L * Rate;
        var at = (cut.Get * 997L) % end;
        var size = (block.Get % 4000) + 1;
        foreach (var make in new Func<IFrameAnalyzer>[]
        {
            () => new SilenceDetector(),
            () => new ClippingDetector(),
            () => new LoudnessDetector(new LoudnessDetectorOptions { Profile = LoudnessProfile.AtscA85 with { MaxShortTermLufs = -30 } }),
        })
        {
            float Signal(long n, int c) => n % (3 * Rate) < Rate / 2 ? Math.Clamp(3 * Programme(n, c) * 10, -1, 1) : Programme(n, c);
            var whole = Run(make(), Signal, 12, size);

            var first = make();
            var events = new RecordingEvents();
            first.Start(AudioFeeder.Media(Stereo));
            AudioFeeder.Feed(first, events, Stereo, Signal, 0, at, size);
            var second = make();
            second.Start(AudioFeeder.Media(Stereo));
            second.RestoreCheckpoint(first.SaveCheckpoint());
            AudioFeeder.Feed(second, events, Stereo, Signal, at, end, size);
            second.Complete(events);
            if (!FrameRunner.Lines(events.Final).SequenceEqual(FrameRunner.Lines(whole.Final)))
            {
                return false;
            }
        }

        return true;
    }
}
