using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.FFmpeg.Reference;
using VideoDefects.IntegrationTests.Support;
using Xunit.Abstractions;

namespace VideoDefects.IntegrationTests.Detectors;

/// <summary>A long reference fingerprinted in samples (<see cref="ReferenceSampling"/>): real FFmpeg seeking into a real
/// clip, compared with the same clip decoded whole.</summary>
[Collection(MediaTests.Name)]
public class SampledReferenceTests(MediaFixture media, ITestOutputHelper output)
{
    /// <summary>Three samples of 10 s over the 70 s clip (at 0, ~30 and ~60 s): less than half of it decoded.</summary>
    private static readonly ReferenceSampling Samples = new() { MinDuration = TimeSpan.Zero, Span = TimeSpan.FromSeconds(10), Period = TimeSpan.FromSeconds(25) };

    private static string Clip => Path.Combine(Paths.Media, "tears_of_steel_battle_800x332.webm");

    [Fact]
    public async Task Each_sample_records_the_frames_of_the_whole_decode_and_the_sound_is_recorded_whole()
    {
        var whole = await ReferenceSignature.LoadAsync(Clip, sampling: ReferenceSampling.Whole);
        var sampled = await ReferenceSignature.LoadAsync(Clip, sampling: Samples);

        var wholeTimes = whole.FrameTimes;
        var frames = 0;
        var cellErrors = new List<double>();
        for (var i = 0; i < sampled.FrameCount; i++)
        {
            if (float.IsNaN(sampled.CellValues[i * SyncSignature.Cells]))
            {
                continue;
            }

            frames++;
            var t = sampled.FrameTimes[i];
            var j = Nearest(wholeTimes, t);
            Assert.True(Math.Abs(wholeTimes[j] - t) < 0.001, $"sampled frame at {t:0.000} s has no frame of the whole decode at that time (nearest {wholeTimes[j]:0.000} s)");
            for (var c = 0; c < SyncSignature.Cells; c++)
            {
                cellErrors.Add(Math.Abs(sampled.CellValues[(i * SyncSignature.Cells) + c] - whole.CellValues[(j * SyncSignature.Cells) + c]));
            }
        }

        var audioErrors = new List<double>();
        for (var b = 0; b < Math.Min(sampled.AudioDb.Count, whole.AudioDb.Count); b++)
        {
            if (!float.IsNaN(sampled.AudioDb[b]))
            {
                audioErrors.Add(Math.Abs(sampled.AudioDb[b] - whole.AudioDb[b]));
            }
        }

        cellErrors.Sort();
        audioErrors.Sort();
        output.WriteLine($"frames: whole {whole.FrameCount}, sampled {frames} (+ gaps {sampled.FrameCount - frames}); cells: median error {cellErrors[cellErrors.Count / 2]:0.###}, 99th {cellErrors[cellErrors.Count * 99 / 100]:0.###}, max {cellErrors[^1]:0.###}");
        output.WriteLine($"audio bins: whole {whole.AudioDb.Count}, sampled {audioErrors.Count}; median error {audioErrors[audioErrors.Count / 2]:0.###} dB, 99th {audioErrors[audioErrors.Count * 99 / 100]:0.###}, max {audioErrors[^1]:0.###}");
        Assert.InRange(frames, 3 * 10 * 24 - 3, 3 * 10 * 24 + 3); // three samples of 10 s at 24 fps
        Assert.True(cellErrors[^1] < 0.01, "a sample's frames are those of the whole decode");

        // The sound is the whole sound (taken from a keyframes-only pass, never from after a seek).
        Assert.Equal(whole.AudioDb.Count, audioErrors.Count);
        Assert.True(audioErrors[^1] < 0.01, "the sound is placed as in the whole decode");
    }

    [Fact]
    public async Task A_copy_120_ms_late_is_measured_against_the_samples_as_against_the_whole_reference()
    {
        var copy = Path.Combine(media.Folder, "sampled-reference-copy-late.mp4");
        await Tool.FFmpegAsync("-i", Clip, "-vf", "scale=640:266", "-af", "adelay=120|120", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", copy);
        var copySignature = await ReferenceSignature.LoadAsync(copy, sampling: ReferenceSampling.Whole);

        var againstWhole = ReferenceAligner.Compare(copySignature, await ReferenceSignature.LoadAsync(Clip, sampling: ReferenceSampling.Whole));
        var againstSamples = ReferenceAligner.Compare(copySignature, await ReferenceSignature.LoadAsync(Clip, sampling: Samples));

        output.WriteLine($"whole: audio {againstWhole.AudioDelayMs} ms, video {againstWhole.VideoDelayMs} ms, confidence {againstWhole.Confidence}; windows {string.Join(' ', againstWhole.Windows!.Select(w => w.AudioDelayMs?.ToString() ?? "-"))}");
        output.WriteLine($"samples: audio {againstSamples.AudioDelayMs} ms, video {againstSamples.VideoDelayMs} ms, confidence {againstSamples.Confidence}; windows {string.Join(' ', againstSamples.Windows!.Select(w => w.AudioDelayMs?.ToString() ?? "-"))}");
        Assert.InRange(againstSamples.AudioDelayMs!.Value, 120 - 21, 120 + 21);
        Assert.InRange(againstSamples.VideoDelayMs!.Value, -21, 21);
        Assert.InRange(againstSamples.AudioDelayMs.Value - againstWhole.AudioDelayMs!.Value, -5, 5);

        // The copy's 10 s windows that a sample covers (0–10, 30–40, 60–70 s) are measured; the others are not.
        var answered = againstSamples.Windows!.Where(w => w.AudioDelayMs is not null).ToArray();
        Assert.Equal([0.0, 30.0, 60.0], answered.Select(w => w.Start));
        Assert.All(answered, w => Assert.InRange(w.AudioDelayMs!.Value, 120 - 21, 120 + 21));
    }

    private static int Nearest(IReadOnlyList<double> times, double t)
    {
        var best = 0;
        for (var i = 1; i < times.Count; i++)
        {
            if (Math.Abs(times[i] - t) < Math.Abs(times[best] - t))
            {
                best = i;
            }
        }

        return best;
    }
}
