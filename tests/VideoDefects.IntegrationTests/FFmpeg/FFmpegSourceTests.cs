using System.Diagnostics;
using System.Globalization;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Decoding;
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
        await ReadToEndAsync(
            source,
            f =>
            {
                Assert.Equal(info.Video.FrameBytes, f.Buffer.Length);
                frames.Add((f.Index, f.Timestamp));
            },
            a => audio.Add((a.StartTime, a.FrameCount)));
        return (info, frames, audio);
    }

    /// <summary>Reads <paramref name="source"/> to its end, showing each frame and audio block to the callbacks before
    /// returning it to its pool (decoder notes are skipped).</summary>
    private static async Task ReadToEndAsync(FFmpegSource source, Action<VideoFrame> onFrame, Action<AudioBlock>? onAudio = null)
    {
        while (await source.ReadAsync(CancellationToken.None) is { IsEnd: false } sample)
        {
            using (sample.Video)
            using (sample.Audio)
            {
                if (sample.Video is { } frame)
                {
                    onFrame(frame);
                }
                else if (sample.Audio is { } block)
                {
                    onAudio?.Invoke(block);
                }
            }
        }
    }

    [Fact]
    public async Task An_analysis_slower_than_FFmpeg_still_gets_every_audio_sample()
    {
        // Small pictures: FFmpeg runs far ahead of a slow reader (many frames fit in the pipe and the queue), so it has
        // decoded everything and exited while the reader is still at work.
        var clip = Path.Combine(media.Folder, "small-with-sound.mp4");
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc2=s=160x96:r=25:d=12", "-f", "lavfi", "-i", "sine=f=440:d=12",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);
        var (_, _, fast) = await DecodeAllAsync(clip);
        await using var source = new FFmpegSource(clip);
        await source.OpenAsync(CancellationToken.None);
        var samples = 0L;
        // 20 ms per frame: the sound still on its way out when FFmpeg exits must not go with it (through FFMpegCore's
        // pipe it did: 0.1–0.2 s less sound, a different amount each run).
        await ReadToEndAsync(source, _ => Thread.Sleep(20), a => samples += a.FrameCount);
        Assert.Equal(fast.Sum(a => (long)a.Count), samples);
        Assert.True(samples >= 11.9 * 48_000, $"{samples} samples for 12 s of sound");
    }

    [Fact]
    public async Task An_analysis_slower_than_FFmpeg_still_gets_every_packet_timing()
    {
        var clip = Path.Combine(media.Folder, "small-with-sound.ts");
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc2=s=160x96:r=25:d=12", "-f", "lavfi", "-i", "sine=f=440:d=12",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);
        var (_, counted, _) = await Tool.RunAsync("ffprobe", ["-v", "error", "-count_packets", "-show_entries", "stream=codec_type,nb_read_packets", "-of", "csv=p=0", clip]);
        var expected = counted.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct() // an MPEG-TS lists its streams twice: in the program, and on their own
            .Select(line => line.Split(','))
            .ToDictionary(f => f[0] == "video" ? MediaStreamKind.Video : MediaStreamKind.Audio, f => int.Parse(f[1], CultureInfo.InvariantCulture));
        await using var source = new FFmpegSource(clip);
        source.RequestPacketTimings();
        await source.OpenAsync(CancellationToken.None);
        var timings = new Dictionary<MediaStreamKind, int> { [MediaStreamKind.Video] = 0, [MediaStreamKind.Audio] = 0 };
        while (await source.ReadAsync(CancellationToken.None) is { IsEnd: false } sample)
        {
            using (sample.Video)
            using (sample.Audio)
            {
                if (sample.Video is not null)
                {
                    Thread.Sleep(20); // FFmpeg has listed every packet and exited long before this reader is done
                }

                if (sample.Timing is { } timing)
                {
                    timings[timing.Stream]++;
                }
            }
        }

        // Through FFMpegCore's pipe the last lines were lost when FFmpeg exited first.
        Assert.Equal(expected, timings);
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
    public async Task Successive_sources_given_one_frame_pool_reuse_its_frames_and_leave_it_open()
    {
        // What a live host does over reconnects: every frame goes back to the caller's pool, which outlives the sources.
        VideoFramePool? pool = null;
        var options = new FFmpegSourceOptions { QueueCapacity = 2, FramePool = format => pool ??= new VideoFramePool(format) };
        var first = await DecodeAllAsync(media.Freeze, options);
        var createdByFirst = pool!.Created;
        var second = await DecodeAllAsync(media.Freeze, options);

        Assert.Equal(first.Frames, second.Frames);
        Assert.Equal(150, second.Frames.Count);
        // At most the queue, the frame being read and the one being analysed at once: the second source made no more
        // than the first left free (a pool per source would have made them all again, and a disposed pool throws).
        Assert.InRange(createdByFirst, 1, options.QueueCapacity + 2);
        Assert.InRange(pool.Created, createdByFirst, options.QueueCapacity + 2);
        using var stillOpen = pool.Rent();
        pool.Dispose();
    }

    [Fact]
    public async Task A_frame_pool_of_another_format_is_refused()
    {
        using var pool = new VideoFramePool(new VideoFormat(320, 240, PixelFormat.Yuv420P, 25));
        await using var source = new FFmpegSource(media.Freeze, new FFmpegSourceOptions { FramePool = _ => pool });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await source.OpenAsync(CancellationToken.None));
        Assert.Contains("320", error.Message, StringComparison.Ordinal);
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
        var lumaReport = await new AnalysisPipeline(VideoDefects.Detectors.Registry.DetectorRegistry.Default.Create(null)).RunAsync(auto);
        await using var whole = new FFmpegSource(media.Freeze, new FFmpegSourceOptions { PixelFormat = PixelFormat.Yuv420P });
        var wholeReport = await new AnalysisPipeline(VideoDefects.Detectors.Registry.DetectorRegistry.Default.Create(null)).RunAsync(whole);

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
        await ReadToEndAsync(source, frame =>
        {
            var plane = frame.Luma;
            var copy = new byte[plane.Width * plane.Height];
            for (var y = 0; y < plane.Height; y++)
            {
                plane.Row(y).CopyTo(copy.AsSpan(y * plane.Width, plane.Width));
            }

            planes.Add(copy);
        });
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
        await ReadToEndAsync(source, frame =>
        {
            Assert.NotNull(frame.IsKeyFrame);
            if (frame.IsKeyFrame == true)
            {
                keyframes.Add(frame.Index);
            }

            frames++;
        });

        Assert.Equal(byPts.Count, frames);
        Assert.True(expected.Count >= 4, $"keyframes {string.Join(',', expected)}");
        Assert.Equal(expected, keyframes);
    }

    /// <summary>Which frame a decoder message belongs to must not depend on thread scheduling. It used to: placed by
    /// how many frames our reader had taken from the pipe, a damaged B-frame moved between frames 123 and 159 from run
    /// to run; placed by FFmpeg's frame markers, FFmpeg's frame-threaded decoder still logged a concealment up to two
    /// frames either side and flagged frames "corrupt" in some runs only (a CI run once differed at frame 171/172).
    /// Decoded with one thread (the default), FFmpeg's log is the same every run and each note lands exactly where
    /// FFmpeg logged it — in four concurrent runs on a loaded machine — so every run reports the same episodes.</summary>
    [Fact]
    public async Task A_damaged_stream_s_decoder_messages_land_exactly_where_FFmpeg_logged_them_in_concurrent_runs()
    {
        var clean = Path.Combine(media.Folder, "bframes-clean.mp4");
        var damaged = Path.Combine(media.Folder, "bframes-damaged.mp4");
        await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "toy_rabbit_handheld_320x240.mp4"), "-t", "7", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-c:a", "aac", clean);
        await Tool.FFmpegAsync("-i", clean, "-c", "copy", "-bsf:v", "noise=amount='(eq(n\\,125)+eq(n\\,158)+eq(n\\,176))*150'", damaged);
        var logged = await DecoderLinesLoggedByFFmpegAsync(damaged);
        Assert.Contains(logged, l => l.Line.Contains("corrupt decoded frame", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Line.StartsWith("concealing", StringComparison.Ordinal));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var notes = new NoteRecorder();
            await using var source = new FFmpegSource(damaged);
            var report = await new AnalysisPipeline([.. VideoDefects.Detectors.Registry.DetectorRegistry.Default.Create(["corruption"]), notes]).RunAsync(source);
            return (notes.Notes, Events: FrameLines(report.Events));
        }));

        var expected = logged.Select(l => $"{l.Shown} {(l.Line.Contains("corrupt decoded frame", StringComparison.Ordinal) ? "corrupt decoded frame" : l.Line)}").ToList();
        foreach (var (notes, events) in runs)
        {
            Assert.Equal(expected, notes.Select(n => $"{n.NearFrame} {n.Message}").ToList());
            Assert.Equal(runs[0].Events, events);
        }

        Assert.Contains(runs[0].Events, e => e.StartsWith("BlockCorruption", StringComparison.Ordinal));
    }

    private static string[] FrameLines(IEnumerable<DefectEvent> events) => [.. events.Select(e => $"{e.Kind} {e.FirstFrame}-{e.LastFrame} {e.Start:R}-{e.End:R}")];

    /// <summary>The damage lines FFmpeg itself logs on <paramref name="clip"/> with one decoder thread, and how many
    /// frames it had marked before each.</summary>
    private static async Task<List<(long Shown, string Line)>> DecoderLinesLoggedByFFmpegAsync(string clip)
    {
        var (_, _, log) = await Tool.RunAsync("ffmpeg", ["-hide_banner", "-nostats", "-threads", "1", "-i", clip, "-an", "-vf", "showinfo=checksum=0", "-f", "null", "-"]);
        var logged = new List<(long, string)>();
        long shown = 0;
        foreach (var line in log.Split('\n'))
        {
            if (line.Contains("Parsed_showinfo", StringComparison.Ordinal) && line.Contains(" n:", StringComparison.Ordinal))
            {
                shown++;
            }
            else if (line.Contains("corrupt decoded frame", StringComparison.Ordinal))
            {
                logged.Add((shown, line));
            }
            else if (line.StartsWith("[h264 @ ", StringComparison.Ordinal) && line.IndexOf("] ", StringComparison.Ordinal) is var at and > 0
                && DecoderLog.Classify(line[(at + 2)..].Trim()) != DecoderNoteKind.Other)
            {
                logged.Add((shown, line[(at + 2)..].Trim()));
            }
        }

        return logged;
    }

    /// <summary>Records the decoder's damage messages as the pipeline hands them to analyzers.</summary>
    private sealed class NoteRecorder : IFrameAnalyzer, IDecoderNoteConsumer
    {
        public List<DecoderNote> Notes { get; } = [];

        public string Name => "notes";

        public bool WantsAudio => false;

        public bool NeedsChroma => false;

        public void OnDecoderNote(DecoderNote note, IDefectEventWriter events)
        {
            if (note.Kind != DecoderNoteKind.Other)
            {
                Notes.Add(note);
            }
        }

        public void Start(MediaInfo media)
        {
        }

        public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
        {
        }

        public void OnAudio(AudioBlock block, IDefectEventWriter events)
        {
        }

        public void Complete(IDefectEventWriter events)
        {
        }

        public AnalyzerCheckpoint SaveCheckpoint() => throw new NotSupportedException();

        public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Frames_through_the_fifo_equal_frames_through_FFMpegCore_s_pipe()
    {
        var fifo = await RecordAsync(media.Freeze, new FFmpegSourceOptions());
        var pipe = await RecordAsync(media.Freeze, new FFmpegSourceOptions { VideoThroughFFMpegCorePipe = true });
        Assert.Equal(150, fifo.Video.Count);
        Assert.Equal(pipe.Video, fifo.Video);
        Assert.Equal(pipe.Audio, fifo.Audio);
    }

    [Fact]
    public async Task FFmpeg_failing_before_it_opens_its_output_ends_in_a_typed_error_not_a_hang()
    {
        var clip = Path.Combine(media.Folder, "vanishing-" + Guid.NewGuid().ToString("N")[..6] + ".mp4");
        File.Copy(media.Freeze, clip);
        await using var source = new FFmpegSource(clip);
        await source.ProbeAsync(CancellationToken.None);
        File.Delete(clip); // FFmpeg now fails opening its input, before it opens the video output
        var stopwatch = Stopwatch.StartNew();
        await source.OpenAsync(CancellationToken.None);
        var error = await Assert.ThrowsAnyAsync<MediaException>(async () => await source.ReadAsync(CancellationToken.None));
        Assert.Equal(clip, error.Input);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    /// <summary>Every video frame (number, time, keyframe flag, pixels) and audio block (start, samples) a source
    /// delivers, each stream in its own order (how the two interleave depends on timing).</summary>
    private static async Task<(List<string> Video, List<string> Audio)> RecordAsync(string input, FFmpegSourceOptions options)
    {
        await using var source = new FFmpegSource(input, options);
        await source.OpenAsync(CancellationToken.None);
        var (video, audio) = (new List<string>(), new List<string>());
        await ReadToEndAsync(
            source,
            frame => video.Add($"{frame.Index} {frame.Timestamp:R} {frame.IsKeyFrame} {Hash(frame.Buffer)}"),
            block => audio.Add($"{block.StartTime:R} {block.FrameCount} {Hash(System.Runtime.InteropServices.MemoryMarshal.AsBytes(block.Samples))}"));
        return (video, audio);

        static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
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
