namespace VideoDefects.IntegrationTests.Support;

/// <summary>Test clips made by real FFmpeg from its own test sources, once per test run, with known content.</summary>
public sealed class MediaFixture : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "videodefects-tests-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>6 s of 640×360 at 25 fps with sound; frames 50–79 repeat frame 49 (visible freeze 2.0–3.2 s).</summary>
    public string Freeze => Path.Combine(Folder, "freeze.mp4");

    /// <summary>MPEG-TS whose audio starts 0.5 s after its video (a real container offset).</summary>
    public string LateAudio => Path.Combine(Folder, "late_audio.ts");

    /// <summary>H.264 testsrc2 (640×360, 25 fps, keyframe every 50 frames) with packet 60 damaged by the noise
    /// bitstream filter: concealed macroblocks from frame ~60 until the keyframe at frame 100.</summary>
    public string Corrupted => Path.Combine(Folder, "corrupted.mp4");

    public string AudioOnly => Path.Combine(Folder, "audio_only.m4a");

    /// <summary>The undamaged H.264 clip <see cref="Corrupted"/> is made from.</summary>
    public string CleanH264 => Path.Combine(Folder, "clean-for-corruption.mp4");

    public string TextAsMp4 => Path.Combine(Folder, "text.mp4");

    public string Empty => Path.Combine(Folder, "empty.mp4");

    public string Truncated => Path.Combine(Folder, "truncated.mp4");

    public string RandomBytes => Path.Combine(Folder, "random.mp4");

    /// <summary>A Y4M header claiming 100000 × 100000.</summary>
    public string HugeY4m => Path.Combine(Folder, "huge.y4m");

    /// <summary>The bad input named <paramref name="which"/>: missing, text, empty, random, truncated, audio, huge-y4m.</summary>
    public string BadInput(string which) => which switch
    {
        "missing" => Path.Combine(Folder, "nope.mp4"),
        "text" => TextAsMp4,
        "empty" => Empty,
        "random" => RandomBytes,
        "truncated" => Truncated,
        "audio" => AudioOnly,
        "huge-y4m" => HugeY4m,
        _ => throw new ArgumentException(which),
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=6",
            "-f", "lavfi", "-i", "sine=f=440:sample_rate=48000:d=6",
            "-filter_complex", "[0:v]split[a][b];[a][b]freezeframes=first=50:last=79:replace=49,format=yuv420p[v]",
            "-map", "[v]", "-map", "1:a",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-c:a", "aac", "-shortest", Freeze);
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=3",
            "-itsoffset", "0.5", "-f", "lavfi", "-i", "sine=f=440:sample_rate=48000:d=2.5",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", LateAudio);
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "sine=f=440:d=2", "-c:a", "aac", AudioOnly);
        var clean = CleanH264;
        await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=6", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-bf", "0", "-pix_fmt", "yuv420p", clean);
        await Tool.FFmpegAsync("-i", clean, "-c", "copy", "-bsf:v", "noise=amount='eq(n\\,60)*150'", Corrupted);
        await File.WriteAllTextAsync(TextAsMp4, "This is a text file, not a video.\n");
        await File.WriteAllBytesAsync(Empty, []);
        var whole = await File.ReadAllBytesAsync(Freeze);
        await File.WriteAllBytesAsync(Truncated, whole[..(whole.Length / 3)]);
        var random = new byte[200_000];
        new Random(42).NextBytes(random);
        await File.WriteAllBytesAsync(RandomBytes, random);
        await File.WriteAllTextAsync(HugeY4m, "YUV4MPEG2 W100000 H100000 F25:1 C420jpeg\nFRAME\n");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MediaTests : ICollectionFixture<MediaFixture>
{
    public const string Name = "media";
}
