using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Tests.Detectors;

public class ReferenceSyncTests
{
    private const int Rate = 25;
    private const int SampleRate = 8000;
    private const int Seconds = 12;
    private static readonly VideoFormat Format = new(64, 48, PixelFormat.Gray8, Rate);

    /// <summary>A synthetic programme: shots of random texture with a bright square jumping about them at random, and
    /// noise bursts (speech-like syllables) at random times over faint noise. Deterministic in <paramref name="seed"/>.</summary>
    private sealed class Programme
    {
        private readonly int[] _shotOf;
        private readonly (int X, int Y)[] _square;
        private readonly List<(double Start, double Length)> _bursts = [];

        public Programme(int seed)
        {
            var random = new Random(seed);
            _shotOf = new int[Seconds * Rate * 4];
            _square = new (int, int)[_shotOf.Length];
            var shot = 0;
            for (var i = 0; i < _shotOf.Length; i++)
            {
                shot += random.NextDouble() < 0.04 ? 1 : 0;
                _shotOf[i] = shot;
                _square[i] = (random.Next(Format.Width), random.Next(Format.Height));
            }

            for (var t = 0.2 + random.NextDouble() * 0.3; t < Seconds * 4; t += 0.15 + (random.NextDouble() * 0.5))
            {
                _bursts.Add((t, 0.04 + (random.NextDouble() * 0.15)));
            }
        }

        /// <summary>Frame <paramref name="i"/> of the programme; black before it starts.</summary>
        public void Paint(Span<byte> pixels, int i, int brightness)
        {
            var shot = i < 0 ? -1 : _shotOf[i];
            for (var p = 0; p < pixels.Length; p++)
            {
                var (x, y) = (p % Format.Width, p / Format.Width);
                var square = i >= 0 && Math.Abs(x - _square[i].X) < 6 && Math.Abs(y - _square[i].Y) < 6;
                var v = i < 0 ? 16 : square ? 230 : 40 + (((x * (shot + 5)) + (y * (shot + 2) * 3) + (shot * 37)) % 140);
                pixels[p] = (byte)Math.Clamp(v + brightness, 0, 255);
            }
        }

        /// <summary>The sound at <paramref name="t"/> seconds of the programme; silence before it starts.</summary>
        public float Sample(double t, Random noise)
        {
            if (t < 0)
            {
                return 0;
            }

            var x = 0.002 * (noise.NextDouble() - 0.5);
            foreach (var (start, length) in _bursts)
            {
                if (t >= start && t < start + length)
                {
                    x += 0.5 * (noise.NextDouble() - 0.5);
                }
            }

            return (float)x;
        }
    }

    /// <summary>Runs <paramref name="analyzer"/> over a copy of the programme whose picture runs
    /// <paramref name="videoDelayFrames"/> frames late and whose sound runs <paramref name="audioDelayMs"/> later still.</summary>
    private static AnalysisReport Run(
        Analysis.IFrameAnalyzer analyzer, Programme programme, int videoDelayFrames = 0, double audioDelayMs = 0, float gain = 1, int brightness = 0, bool silent = false, int seconds = Seconds, Func<double, double>? audioDelayMsAt = null)
    {
        var pipeline = new AnalysisPipeline([analyzer]);
        pipeline.Start(new MediaInfo("synthetic", Format, new AudioFormat(SampleRate, 1)));
        using var frames = new VideoFramePool(Format);
        using var blocks = new AudioBlockPool(new AudioFormat(SampleRate, 1), SampleRate / Rate);
        var noise = new Random(7);
        var soundDelay = (videoDelayFrames / (double)Rate) + (audioDelayMs / 1000);
        for (var i = 0; i < seconds * Rate; i++)
        {
            var time = (double)i / Rate;
            var block = blocks.Rent();
            var samples = block.GetWritableBuffer();
            for (var s = 0; s < block.CapacityFrames; s++)
            {
                var t = time + ((double)s / SampleRate);
                samples[s] = silent ? 0 : gain * programme.Sample(t - soundDelay - ((audioDelayMsAt?.Invoke(t) ?? 0) / 1000), noise);
            }

            block.FrameCount = block.CapacityFrames;
            block.StartTime = time;
            block.FirstSample = (long)i * block.CapacityFrames;
            pipeline.ProcessAudio(block);
            block.Dispose();

            var frame = frames.Rent();
            programme.Paint(frame.GetWritableBuffer(), i - videoDelayFrames, brightness);
            frame.Index = i;
            frame.Timestamp = time;
            pipeline.ProcessVideo(frame);
        }

        return pipeline.Complete();
    }

    private static SyncSignature Reference(Programme programme, int seconds = Seconds)
    {
        var recorder = new SyncSignatureRecorder();
        Run(recorder, programme, seconds: seconds);
        return recorder.Signature;
    }

    /// <summary>The reference recorded in pieces of <paramref name="pieceSeconds"/> from every
    /// <paramref name="periodSeconds"/>, picture and sound, each piece through a pipeline of its own
    /// (<see cref="SyncSignatureRecorder.ContinueAt"/>) — as a long reference fingerprinted in samples.</summary>
    private static SyncSignature SampledReference(Programme programme, int seconds, int pieceSeconds, int periodSeconds)
    {
        var recorder = new SyncSignatureRecorder();
        var noise = new Random(7);
        using var frames = new VideoFramePool(Format);
        using var blocks = new AudioBlockPool(new AudioFormat(SampleRate, 1), SampleRate / Rate);
        for (var from = 0; from + pieceSeconds <= seconds; from += periodSeconds)
        {
            if (from > 0)
            {
                recorder.ContinueAt(TimeSpan.FromSeconds(from));
            }

            var pipeline = new AnalysisPipeline([recorder]);
            pipeline.Start(new MediaInfo("synthetic", Format, new AudioFormat(SampleRate, 1)), from * Rate, from);
            for (var i = 0; i < pieceSeconds * Rate; i++)
            {
                var block = blocks.Rent();
                var samples = block.GetWritableBuffer();
                for (var s = 0; s < block.CapacityFrames; s++)
                {
                    samples[s] = programme.Sample(from + ((double)i / Rate) + ((double)s / SampleRate), noise);
                }

                (block.FrameCount, block.StartTime, block.FirstSample) = (block.CapacityFrames, (double)i / Rate, (long)i * block.CapacityFrames);
                pipeline.ProcessAudio(block);
                block.Dispose();

                var frame = frames.Rent();
                programme.Paint(frame.GetWritableBuffer(), (from * Rate) + i, 0);
                (frame.Index, frame.Timestamp) = (i, (double)i / Rate);
                pipeline.ProcessVideo(frame);
            }
        }

        return recorder.Signature;
    }

    private static AvSyncDetector WithReference(SyncSignature reference) => new(new AvSyncDetectorOptions { Reference = reference });

    [Property(MaxTest = 12)]
    public bool A_copy_s_audio_delay_is_measured_against_the_reference_whatever_its_picture_delay_gain_and_brightness(int seed, int audioSeed, int videoSeed, PositiveInt gainSeed, PositiveInt brightnessSeed)
    {
        var programme = new Programme(seed);
        var audioDelay = (audioSeed % 50) * 10.0;             // ±490 ms, in the 10 ms steps of the signature
        var videoDelay = videoSeed % 12;                      // ±11 frames: a copy starting later or trimmed
        var report = Run(WithReference(Reference(programme)), programme, videoDelay, audioDelay, gain: 0.2f + (gainSeed.Get % 30 / 10f), brightness: brightnessSeed.Get % 40);
        return report.AvSync is { Method: AvSyncMethods.Reference, AudioDelayMs: { } ms, VideoDelayMs: { } video }
            && Math.Abs(ms - audioDelay) <= 2
            && Math.Abs(video - (videoDelay * 1000.0 / Rate)) <= 2;
    }

    [Property(MaxTest = 8)]
    public bool A_reference_recorded_in_samples_measures_the_copy_as_the_whole_reference_does_and_the_windows_it_does_not_cover_stay_unanswered(int seed, int audioSeed, int videoSeed)
    {
        const int seconds = 40;
        var programme = new Programme(seed);
        var audioDelay = (audioSeed % 30) * 10.0;
        var videoDelay = videoSeed % 8;
        // Pieces of 8 s from 0, 16 and 32 s: the copy's windows [10, 20) and [20, 30) see 4 s of reference at most.
        var report = Run(WithReference(SampledReference(programme, seconds, pieceSeconds: 8, periodSeconds: 16)), programme, videoDelay, audioDelay, seconds: seconds);
        var windows = report.AvSync?.Windows ?? [];
        return report.AvSync is { Method: AvSyncMethods.Reference, AudioDelayMs: { } ms, VideoDelayMs: { } video }
            && Math.Abs(ms - audioDelay) <= 2
            && Math.Abs(video - (videoDelay * 1000.0 / Rate)) <= 2
            && windows.Count == 4
            && windows[0].AudioDelayMs is { } w0 && Math.Abs(w0 - audioDelay) <= 2
            && windows[1].AudioDelayMs is null && windows[2].AudioDelayMs is null
            && windows[3].AudioDelayMs is { } w3 && Math.Abs(w3 - audioDelay) <= 2;
    }

    [Fact]
    public void A_recorder_continues_only_after_what_it_recorded()
    {
        var recorder = new SyncSignatureRecorder();
        Run(recorder, new Programme(1), seconds: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.ContinueAt(TimeSpan.FromSeconds(1)));
        recorder.ContinueAt(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Every_window_reports_the_copy_s_delay()
    {
        var programme = new Programme(3);
        var report = Run(WithReference(Reference(programme)), programme, audioDelayMs: 120);
        Assert.True(report.AvSync?.Windows is not null, System.Text.Json.JsonSerializer.Serialize(report.AvSync));
        Assert.All(report.AvSync!.Windows!, w => Assert.Equal(120, w.AudioDelayMs!.Value, 2.0));
    }

    [Fact]
    public void A_reference_still_being_recorded_is_waited_for_at_the_end_and_gives_the_same_answer()
    {
        var programme = new Programme(10);
        var reference = Reference(programme);
        var pending = new TaskCompletionSource<SyncSignature>(TaskCreationOptions.RunContinuationsAsynchronously);
        var detector = new AvSyncDetector(new AvSyncDetectorOptions { PendingReference = pending.Task });
        // The reference arrives while the copy is still being analysed (another thread, as the CLI decodes it).
        using var late = new Timer(_ => pending.SetResult(reference), null, 200, Timeout.Infinite);

        var report = Run(detector, programme, videoDelayFrames: 3, audioDelayMs: 90);

        var settled = Run(WithReference(reference), programme, videoDelayFrames: 3, audioDelayMs: 90).AvSync!;
        Assert.Equal((settled.AudioDelayMs, settled.VideoDelayMs), (report.AvSync!.AudioDelayMs, report.AvSync.VideoDelayMs));
        Assert.Equal(90, report.AvSync!.AudioDelayMs!.Value, 2.0);
    }

    [Fact]
    public void An_offset_that_changes_along_the_input_is_no_single_answer_but_shows_in_the_windows_and_alarms_where_it_is_out_of_limits()
    {
        // The copy's sound in sync for 20 s, then 200 ms late (a dropout in the picture, an edit in the sound).
        var programme = new Programme(11);
        var detector = new AvSyncDetector(new AvSyncDetectorOptions { Reference = Reference(programme, seconds: 40) });
        var report = Run(detector, programme, seconds: 40, audioDelayMsAt: t => t < 20 ? 0 : 200);

        Assert.Null(report.AvSync!.AudioDelayMs);
        Assert.True(report.AvSync.Reason?.Contains("changes along the input", StringComparison.Ordinal), report.AvSync.Reason);
        var windows = report.AvSync.Windows!;
        Assert.Equal(0, windows[0].AudioDelayMs!.Value, 2.0);
        Assert.Equal(200, windows[^1].AudioDelayMs!.Value, 2.0);
        var alarm = Assert.Single(report.Events);
        Assert.Equal(20, alarm.Start, 1.0);
        Assert.Equal(200, alarm.Metrics!["audioDelayMs"], 2.0);
    }

    [Fact]
    public void With_a_reference_in_samples_a_changing_offset_is_measured_in_the_windows_the_samples_cover_around_every_delay_searched_and_only_there()
    {
        // As above, against samples of 18 s at 0 and 26 s, searching ±2 s: the windows 10–20 s and 20–30 s lack the
        // reference 2 s either side, where the true delay may be; 40–48 s reaches past the reference's end, as it would
        // past a whole reference's end (measured on the 4 s that overlap, at the right delay).
        var programme = new Programme(11);
        var detector = new AvSyncDetector(new AvSyncDetectorOptions
        {
            Reference = SampledReference(programme, seconds: 48, pieceSeconds: 18, periodSeconds: 26),
            ReferenceMaxOffset = TimeSpan.FromSeconds(2),
        });
        var report = Run(detector, programme, seconds: 48, audioDelayMsAt: t => t < 20 ? 0 : 200);

        Assert.Null(report.AvSync!.AudioDelayMs);
        var windows = report.AvSync.Windows!;
        Assert.Equal(5, windows.Count);
        Assert.Equal(0, windows[0].AudioDelayMs!.Value, 2.0);
        Assert.Equal(200, windows[3].AudioDelayMs!.Value, 2.0);
        Assert.All(new[] { windows[1], windows[2] }, w => Assert.Null(w.AudioDelayMs));
        Assert.Equal(200, windows[4].AudioDelayMs!.Value, 2.0);
    }

    [Fact]
    public void A_silent_copy_gets_no_estimate_and_says_why()
    {
        var programme = new Programme(4);
        var report = Run(WithReference(Reference(programme)), programme, audioDelayMs: 80, silent: true);
        Assert.Null(report.AvSync!.AudioDelayMs);
        Assert.Equal(AvSyncMethods.Reference, report.AvSync.Method);
        Assert.Contains("silent", report.AvSync.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_of_another_programme_gets_no_estimate()
    {
        var report = Run(WithReference(Reference(new Programme(5))), new Programme(6), audioDelayMs: 80);
        Assert.Null(report.AvSync!.AudioDelayMs);
        Assert.NotNull(report.AvSync.Reason);
    }

    [Fact]
    public void A_test_pattern_s_absolute_measurement_is_not_replaced_by_the_reference()
    {
        // The flash/beep pattern of AvSyncDetectorTests, compared with itself: the reference says 0, the pattern says
        // how late the sound really is.
        var recorder = new SyncSignatureRecorder();
        AvSyncDetectorTests.RunPattern(recorder, 200);
        var report = AvSyncDetectorTests.RunPattern(WithReference(recorder.Signature), 200);
        Assert.Equal(AvSyncMethods.TestPattern, report.AvSync!.Method);
        Assert.Equal(200, report.AvSync.AudioDelayMs!.Value, 0.5);
    }

    [Property(MaxTest = 8)]
    public bool Live_comparisons_with_a_reference_recorded_alongside_measure_the_copy_s_audio_delay_all_along(int seed, int audioSeed, int videoSeed)
    {
        var programme = new Programme(seed);
        var audioDelay = (audioSeed % 50) * 10.0;
        var live = new LiveSyncReference(TimeSpan.FromSeconds(20));
        Run(live.Recorder, programme);
        var detector = new AvSyncDetector(new AvSyncDetectorOptions { LiveReference = live, Window = TimeSpan.FromSeconds(2), ReferenceMaxOffset = TimeSpan.FromSeconds(1) });
        var report = Run(detector, programme, videoSeed % 12, audioDelay);
        // Every 2 s over the last 6 s, from 7 s (a span and the largest offset) on.
        return report.AvSync is { Method: AvSyncMethods.Reference, Windows: { Count: >= 2 } windows }
            && windows.All(w => w.AudioDelayMs is { } ms && Math.Abs(ms - audioDelay) <= 2);
    }

    [Property(MaxTest = 30)]
    public bool Forgetting_a_signature_s_past_leaves_every_later_excerpt_unchanged(int seed, PositiveInt dropSeed, PositiveInt fromSeed, PositiveInt lengthSeed)
    {
        var signature = Reference(new Programme(seed % 4));
        var drop = dropSeed.Get % 900 / 100.0;                 // 0–9 s
        var from = drop + (fromSeed.Get % 200 / 100.0);        // up to 2 s after it
        var to = from + 0.5 + (lengthSeed.Get % 400 / 100.0);  // 0.5–4.5 s long
        var whole = signature.Excerpt(from, to);
        using var saved = new MemoryStream();
        signature.Save(saved);
        var trimmed = SyncSignature.Load(new MemoryStream(saved.ToArray()));
        trimmed.DropBefore(drop);
        var excerpt = trimmed.Excerpt(from, to);
        return whole.FrameTimes.SequenceEqual(excerpt.FrameTimes) && whole.CellValues.SequenceEqual(excerpt.CellValues)
            && whole.AudioDb.SequenceEqual(excerpt.AudioDb) && trimmed.FrameTimes.All(t => t >= drop);
    }

    [Fact]
    public void A_saved_signature_reads_back_equal_and_a_truncated_one_is_refused()
    {
        var signature = Reference(new Programme(8));
        using var stream = new MemoryStream();
        signature.Save(stream);
        var bytes = stream.ToArray();

        var copy = SyncSignature.Load(new MemoryStream(bytes));
        Assert.Equal(signature.FrameRate, copy.FrameRate);
        Assert.Equal(signature.FrameTimes, copy.FrameTimes);
        Assert.Equal(signature.CellValues, copy.CellValues);
        Assert.Equal(signature.AudioDb, copy.AudioDb);
        Assert.Throws<InvalidDataException>(() => SyncSignature.Load(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => SyncSignature.Load(new MemoryStream("not a signature"u8.ToArray())));
    }

    [Fact]
    public void A_checkpoint_carries_the_recorded_signature()
    {
        var programme = new Programme(9);
        var reference = Reference(programme);
        var analysed = WithReference(reference);
        var whole = Run(analysed, programme, audioDelayMs: 60).AvSync;

        var resumed = WithReference(reference);
        resumed.Start(new MediaInfo("synthetic", Format, new AudioFormat(SampleRate, 1)));
        resumed.RestoreCheckpoint(analysed.SaveCheckpoint());
        Assert.Equal(60, whole!.AudioDelayMs!.Value, 2.0);
        Assert.Equal(whole.AudioDelayMs, resumed.GetAvSync()!.AudioDelayMs);
    }

    [Fact]
    public void A_checkpoint_carries_the_live_comparisons_and_their_open_offset()
    {
        var programme = new Programme(10);
        var live = new LiveSyncReference(TimeSpan.FromSeconds(20));
        Run(live.Recorder, programme);
        AvSyncDetector Detector() => new(new AvSyncDetectorOptions { LiveReference = live, Window = TimeSpan.FromSeconds(2), ReferenceMaxOffset = TimeSpan.FromSeconds(1) });
        var analysed = Detector();
        var whole = Run(analysed, programme, audioDelayMs: 300).AvSync!;

        var resumed = Detector();
        resumed.Start(new MediaInfo("synthetic", Format, new AudioFormat(SampleRate, 1)));
        resumed.RestoreCheckpoint(analysed.SaveCheckpoint());
        var after = resumed.GetAvSync()!;
        Assert.Equal(300, whole.AudioDelayMs!.Value, 2.0);
        Assert.Equal(whole.AudioDelayMs, after.AudioDelayMs);
        Assert.Equal(whole.Windows, after.Windows);
    }
}
