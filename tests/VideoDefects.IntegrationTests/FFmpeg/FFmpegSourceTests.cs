using System.Diagnostics;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.Frames;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;

namespace VideoDefects.IntegrationTests.FFmpeg;

[Collection(MediaTests.Name)]
public class FFmpegSourceTests(MediaFixture media)
{
    private static async Task<(MediaInfo Info, List<(long Index, double Time)> Frames, List<(double Start, int Count)> Audio)> DecodeAllAsync(string input, FFmpegSourceOptions? options = null)
    {
        await using var source = new FFmpegSource(input, options);
        var info = await source.OpenAsync(CancellationToken.None);
        var frames = new List<(long, double)>();
        var audio = new List<(double, int)>();
        while (true)
        {
            var sample = await source.ReadAsync(CancellationToken.None);
            if (sample.IsEnd)
            {
                break;
            }

            if (sample.Video is { } f)
            {
                Assert.Equal(info.Video.FrameBytes, f.Buffer.Length);
                frames.Add((f.Index, f.Timestamp));
                f.Dispose();
            }
            else if (sample.Audio is { } a)
            {
                audio.Add((a.StartTime, a.FrameCount));
                a.Dispose();
            }
        }

        return (info, frames, audio);
    }

    [Fact]
    public async Task Decodes_every_frame_and_the_audio_in_one_process_on_one_clock()
    {
        var (info, frames, audio) = await DecodeAllAsync(media.Freeze);
        Assert.Equal((640, 360), (info.Video.Width, info.Video.Height));
        Assert.Equal(25, info.Video.FrameRate, 3);
        Assert.Equal(150, frames.Count);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (long)i), frames.Select(f => f.Index));
        Assert.Equal(149 / 25.0, frames[^1].Time, 6);
        Assert.NotNull(info.Audio);
        Assert.Equal(48_000, info.Audio!.SampleRate);
        Assert.Equal(1, info.Audio.Channels);
        var samples = audio.Sum(a => a.Count);
        Assert.InRange(samples / 48_000.0, 5.9, 6.1);
        // Blocks are contiguous: each starts where the previous ended.
        for (var i = 1; i < audio.Count; i++)
        {
            Assert.Equal(audio[i - 1].Start + (audio[i - 1].Count / 48_000.0), audio[i].Start, 6);
        }
    }

    [Fact]
    public async Task Audio_that_starts_after_the_video_keeps_its_offset()
    {
        var (_, frames, audio) = await DecodeAllAsync(media.LateAudio);
        Assert.Equal(0, frames[0].Time);
        // The container says 0.478 s (0.5 s minus the AAC encoder delay): the offset survives decoding.
        Assert.InRange(audio[0].Start, 0.45, 0.52);
    }

    [Fact]
    public async Task Gray_decoding_delivers_luma_only_frames()
    {
        var (info, frames, _) = await DecodeAllAsync(media.Freeze, new FFmpegSourceOptions { PixelFormat = PixelFormat.Gray8, DecodeAudio = false });
        Assert.Equal(640 * 360, info.Video.FrameBytes);
        Assert.Null(info.Audio);
        Assert.Equal(150, frames.Count);
    }

    [Theory]
    [InlineData("libx264", "yuv420p", "mp4")]
    [InlineData("libx264", "yuv444p", "mp4")]
    [InlineData("libx264", "yuv420p10le", "mp4")]
    [InlineData("mjpeg", "yuvj420p", "avi")]
    public async Task Luma_only_frames_equal_the_luma_of_whole_frames_whatever_the_source_format(string codec, string pixelFormat, string container)
    {
        var clip = Path.Combine(media.Folder, $"luma-{pixelFormat}.{container}");
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc2=s=176x144:r=25:d=1", "-c:v", codec, "-pix_fmt", pixelFormat, clip);
        var whole = await LumaPlanesAsync(clip, lumaOnly: false);
        var luma = await LumaPlanesAsync(clip, lumaOnly: true);
        Assert.Equal(25, whole.Count);
        Assert.Equal(whole.Count, luma.Count);
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.True(whole[i].AsSpan().SequenceEqual(luma[i]), $"frame {i} of {pixelFormat} differs");
        }
    }

    [Fact]
    public async Task The_pipeline_asks_for_luma_only_when_no_analyzer_needs_colour_and_the_report_is_unchanged()
    {
        await using var auto = new FFmpegSource(media.Freeze);
        var lumaReport = await new AnalysisPipeline(VideoDefects.Detectors.DetectorCatalog.Create(null)).RunAsync(auto);
        await using var whole = new FFmpegSource(media.Freeze, new FFmpegSourceOptions { PixelFormat = PixelFormat.Yuv420P });
        var wholeReport = await new AnalysisPipeline(VideoDefects.Detectors.DetectorCatalog.Create(null)).RunAsync(whole);

        Assert.Equal("yuv420p", lumaReport.Video.PixelFormat); // the input's format, not the analysed one
        Assert.Equal(wholeReport.Events.Select(Reports.ReportJson.SerializeEventLine), lumaReport.Events.Select(Reports.ReportJson.SerializeEventLine));
        Assert.Equal((wholeReport.AvSync?.AudioDelayMs, wholeReport.AvSync?.Confidence), (lumaReport.AvSync?.AudioDelayMs, lumaReport.AvSync?.Confidence));
        Assert.Single(lumaReport.Events, e => e.Kind == Analysis.DefectKind.FrozenFrame);
    }

    private static async Task<List<byte[]>> LumaPlanesAsync(string clip, bool lumaOnly)
    {
        await using var source = new FFmpegSource(clip, new FFmpegSourceOptions { DecodeAudio = false });
        if (lumaOnly)
        {
            source.RequestLumaOnly();
        }

        var info = await source.OpenAsync(CancellationToken.None);
        Assert.Equal(lumaOnly ? PixelFormat.Gray8 : PixelFormat.Yuv420P, info.Video.PixelFormat);
        var planes = new List<byte[]>();
        while (await source.ReadAsync(CancellationToken.None) is { IsEnd: false } sample)
        {
            if (sample.Video is { } frame)
            {
                var plane = frame.Luma;
                var copy = new byte[plane.Width * plane.Height];
                for (var y = 0; y < plane.Height; y++)
                {
                    plane.Row(y).CopyTo(copy.AsSpan(y * plane.Width, plane.Width));
                }

                planes.Add(copy);
                frame.Dispose();
            }
        }

        return planes;
    }

    [Fact]
    public async Task Keyframes_come_from_FFmpeg_s_frame_markers_and_match_the_packet_index_with_B_frames()
    {
        var clip = Path.Combine(media.Folder, "keyframes.mp4");
        await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "toy_rabbit_handheld_320x240.mp4"), "-t", "6", "-an", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "40", clip);
        var (_, packets, _) = await Tool.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,flags", "-of", "csv=p=0", clip]);
        var byPts = packets.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).OrderBy(p => long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var expected = byPts.Select((p, i) => (i, key: p[1].Contains('K', StringComparison.Ordinal))).Where(x => x.key).Select(x => (long)x.i).ToList();

        await using var source = new FFmpegSource(clip);
        await source.OpenAsync(CancellationToken.None);
        var keyframes = new List<long>();
        var frames = 0;
        while (await source.ReadAsync(CancellationToken.None) is { IsEnd: false } sample)
        {
            if (sample.Video is { } frame)
            {
                Assert.NotNull(frame.IsKeyFrame);
                if (frame.IsKeyFrame == true)
                {
                    keyframes.Add(frame.Index);
                }

                frames++;
                frame.Dispose();
            }
        }

        Assert.Equal(byPts.Count, frames);
        Assert.True(expected.Count >= 4, $"keyframes {string.Join(',', expected)}");
        Assert.Equal(expected, keyframes);
    }

    /// <summary>Decoder messages used to be placed by how many frames our reader had taken from the pipe when the log
    /// line arrived — a race with the machine's load, which moved a damaged B-frame between frames 123 and 159 from
    /// run to run. Placed by FFmpeg's own frame markers, four concurrent runs find the same damage at the same frames.
    /// (FFmpeg's frame-threaded decoder itself still varies: it logs a concealment up to two frames either side and
    /// flags a frame "corrupt" in some runs only, which can change how long an episode lasts.)</summary>
    [Fact]
    public async Task A_damaged_stream_with_B_frames_gives_the_same_episode_starts_in_concurrent_runs()
    {
        var clean = Path.Combine(media.Folder, "bframes-clean.mp4");
        var damaged = Path.Combine(media.Folder, "bframes-damaged.mp4");
        await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "toy_rabbit_handheld_320x240.mp4"), "-t", "7", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-c:a", "aac", clean);
        await Tool.FFmpegAsync("-i", clean, "-c", "copy", "-bsf:v", "noise=amount='(eq(n\\,125)+eq(n\\,158)+eq(n\\,176))*150'", damaged);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var source = new FFmpegSource(damaged);
            var report = await new AnalysisPipeline(VideoDefects.Detectors.DetectorCatalog.Create(["corruption"])).RunAsync(source);
            return string.Join(", ", report.Events.Select(e => $"{e.Kind}@{e.FirstFrame}"));
        }));

        Assert.NotEmpty(runs[0]);
        Assert.All(runs, r => Assert.Equal(runs[0], r));
    }

    public static TheoryData<string, Type> BadInputs => new()
    {
        { "missing", typeof(InputNotFoundException) },
        { "text", typeof(NotMediaException) },
        { "empty", typeof(NotMediaException) },
        { "random", typeof(NotMediaException) },
        { "truncated", typeof(NotMediaException) },
        { "audio", typeof(NoVideoStreamException) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gives_a_typed_error_naming_the_input(string which, Type expected)
    {
        var input = media.BadInput(which);
        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<MediaException>(() => DecodeAllAsync(input));
        Assert.IsType(expected, error);
        Assert.Equal(input, error.Input);
        Assert.StartsWith(input + ": ", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/video.mp4")]
    [InlineData("concat:/etc/passwd")]
    [InlineData("data:text/plain,hello")]
    public void Protocols_outside_the_input_policy_are_refused_before_FFmpeg_runs(string input)
    {
        var error = Assert.ThrowsAny<MediaException>(() => new FFmpegSource(input));
        Assert.IsType<InputPolicyException>(error);
    }

    [Fact]
    public void Credentials_in_URLs_are_redacted_from_the_name()
    {
        var source = new FFmpegSource("https://user:secret@example.com/v.m3u8?X-Amz-Signature=abc&part=1");
        Assert.Equal("https://***@example.com/v.m3u8?X-Amz-Signature=***&part=1", source.Name);
    }

    [Fact]
    public async Task Disposing_a_source_stops_its_FFmpeg_process()
    {
        var marker = Path.Combine(media.Folder, "long-" + Guid.NewGuid().ToString("N")[..6] + ".mp4");
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=60", "-c:v", "libx264", "-preset", "ultrafast", marker);
        var source = new FFmpegSource(marker, new FFmpegSourceOptions { QueueCapacity = 2 });
        await source.OpenAsync(CancellationToken.None);
        var first = await source.ReadAsync(CancellationToken.None);
        first.Video!.Dispose();
        Assert.True(FFmpegRunningOn(marker), "FFmpeg should be running while frames are pending.");
        await source.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (FFmpegRunningOn(marker) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(FFmpegRunningOn(marker), "FFmpeg is still running after DisposeAsync.");
    }

    private static bool FFmpegRunningOn(string path) =>
        Process.GetProcessesByName("ffmpeg").Any(p =>
        {
            try
            {
                return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(path, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });
}
