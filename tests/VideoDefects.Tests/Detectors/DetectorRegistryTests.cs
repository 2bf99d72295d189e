using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.Black;
using VideoDefects.Detectors.Corruption;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Detectors.Registry;

namespace VideoDefects.Tests.Detectors;

public class DetectorRegistryTests
{
    private static readonly DetectorRegistry Registry = DetectorRegistry.Default;

    [Fact]
    public void The_built_in_detectors_run_in_their_order_and_all_of_them_by_default()
    {
        Assert.Equal(["frozen", "corruption", "avsync", "black", "silence", "loudness", "clipping"], Registry.Names);
        Assert.Equal(Registry.Names, Registry.Create(null).Select(d => d.Name));
        Assert.Equal(["frozen", "silence"], Registry.Create(["Silence ", "frozen"]).Select(d => d.Name));
        var error = Assert.Throws<ArgumentException>(() => Registry.Create(["frozen", "lipsync"]));
        Assert.Contains("'lipsync'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_built_in_detector_reads_an_empty_object_as_its_defaults()
    {
        foreach (var descriptor in Registry.Descriptors)
        {
            using var empty = JsonDocument.Parse("{}");
            var read = descriptor.ReadOptions(empty.RootElement);
            Assert.Equal(Json(descriptor, descriptor.DefaultOptions), Json(descriptor, read));
        }
    }

    [Fact]
    public void Options_are_read_by_name_in_camel_or_any_case_with_enums_regions_durations_and_profiles()
    {
        var settings = Registry.ParseSettings("""
            {
              // comments and trailing commas are allowed: people write these by hand
              "Frozen": {"minDuration": "00:00:02", "MODE": "fFmpegCompatible", "ignoreRegions": ["0,0,100,40"]},
              "corruption": {"minOnsetBlocks": "16"},
              "loudness": {"profile": "atsc-a85"},
              "black": {"range": "full"},
            }
            """);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Frozen.MinDuration);
        Assert.Equal(FreezeMode.FFmpegCompatible, settings.Frozen.Mode);
        Assert.Equal([new PixelRegion(0, 0, 100, 40)], settings.Frozen.IgnoreRegions);
        Assert.Equal(new FrozenFrameDetectorOptions().NoiseRatio, settings.Frozen.NoiseRatio);
        Assert.Equal(16, settings.Corruption.MinOnsetBlocks);
        Assert.Same(LoudnessProfile.AtscA85, settings.Loudness.Profile);
        Assert.Equal(LumaRange.Full, settings.Black.Range);
        Assert.Equal(new SilenceDetectorOptions(), settings.Silence);
    }

    [Theory]
    [InlineData("""{"frozen": {"minDuraton": "00:00:02"}}""", "frozen", "minDuraton")]
    [InlineData("""{"frozen": {"minDuration": -1}}""", "frozen", "")]
    [InlineData("""{"corruption": {"minOnsetBlocks": 0}}""", "corruption", "")]
    [InlineData("""{"avsync": {"reference": "x"}}""", "avsync", "reference")]
    [InlineData("""{"loudness": {"profile": "ebu"}}""", "loudness", "'ebu'")]
    [InlineData("""{"lipsync": {}}""", "lipsync", "available: frozen")]
    [InlineData("""{"silence": 3}""", "silence", "Number")]
    public void A_mistake_is_an_error_naming_the_detector_and_the_cause(string json, string detector, string cause)
    {
        var error = Assert.Throws<InvalidDetectorOptionsException>(() => Registry.ParseSettings(json));
        Assert.Equal(detector, error.Detector);
        Assert.Contains($"detector '{detector}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_by_name_and_the_typed_properties_are_one_entry_and_the_last_write_wins()
    {
        var settings = new DetectorSettings { Clipping = new ClippingDetectorOptions { MinRun = 5 } };
        Assert.Equal(5, ((ClippingDetectorOptions)settings.For("CLIPPING")!).MinRun);
        settings = settings.With("clipping", new ClippingDetectorOptions { MinRun = 7 });
        Assert.Equal(7, settings.Clipping.MinRun);
        Assert.Null(settings.For("avsync"));
        Assert.Equal(new AvSyncDetectorOptions().Window, settings.AvSync.Window);
        Assert.Equal(new DetectorSettings { Clipping = new ClippingDetectorOptions { MinRun = 7 } }, settings);
        Assert.NotEqual(new DetectorSettings(), settings);
    }

    [Fact]
    public void A_registration_adds_a_detector_after_the_others_and_an_opt_in_one_runs_only_when_named()
    {
        var extra = new DetectorDescriptor<BlackDetectorOptions>("dim", "Dim pictures.", o => new BlackDetector(o), DetectorOptionsJsonContext.Default.BlackDetectorOptions, new(), onByDefault: false);
        var registry = Registry.With(extra);
        Assert.Equal("dim", registry.Names[^1]);
        Assert.DoesNotContain(registry.Create(null), d => d.Name == "black" && d.GetType() != typeof(BlackDetector));
        Assert.Equal(Registry.Names.Count, registry.Create(null).Count);
        Assert.Single(registry.Create(["dim"]));
        Assert.Throws<ArgumentException>(() => registry.With(extra));
        Assert.Throws<ArgumentException>(() => new DetectorDescriptor<BlackDetectorOptions>("Dim Pictures", "", o => new BlackDetector(o), DetectorOptionsJsonContext.Default.BlackDetectorOptions, new()));
        var wrong = Assert.Throws<InvalidDetectorOptionsException>(() => extra.Create(new SilenceDetectorOptions()));
        Assert.Equal("dim", wrong.Detector);
    }

    /// <summary>Options written as JSON read back to the same options: what a host reads is what was meant.</summary>
    [Property]
    public void Corruption_and_clipping_options_survive_a_round_trip(PositiveInt blocks, NormalFloat share, PositiveInt run, NormalFloat level)
    {
        var corruption = new BlockCorruptionDetectorOptions { MinOnsetBlocks = blocks.Get, MinOnsetShare = Math.Abs(share.Get) % 1, QuietEnd = TimeSpan.FromMilliseconds(blocks.Get) };
        var clipping = new ClippingDetectorOptions { MinRun = run.Get, LevelDb = -(Math.Abs(level.Get) % 19.9) };
        var json = $$"""{"corruption": {{Json(Registry.Find("corruption")!, corruption)}}, "clipping": {{Json(Registry.Find("clipping")!, clipping)}}}""";
        var settings = Registry.ParseSettings(json);
        Assert.Equal(corruption, settings.Corruption);
        Assert.Equal(clipping, settings.Clipping);
    }

    private static string Json(DetectorDescriptor descriptor, object options) => JsonSerializer.Serialize(options, descriptor.OptionsJson);

    [Fact]
    public void Disposing_a_detector_set_disposes_the_detectors_that_hold_resources_and_a_refused_one_disposes_those_made_before()
    {
        var made = new List<Held>();
        var held = new DetectorDescriptor<BlackDetectorOptions>("held", "Holds a resource.", o => Remember(made, new Held(o)), DetectorOptionsJsonContext.Default.BlackDetectorOptions, new());
        var refused = new DetectorDescriptor<BlackDetectorOptions>("refused", "Refuses its options.", _ => throw new ArgumentException("no"), DetectorOptionsJsonContext.Default.BlackDetectorOptions, new());
        var registry = Registry.With(held).With(refused);

        using (var set = registry.Create(["frozen", "held"]))
        {
            Assert.Equal(["frozen", "held"], set.Select(d => d.Name));
            Assert.Same(made[0], set[1]);
            Assert.False(made[0].Disposed);
        }

        Assert.True(made[0].Disposed);
        Assert.Throws<InvalidDetectorOptionsException>(() => registry.Create(["held", "refused"]));
        Assert.True(made[1].Disposed);
    }

    private static Held Remember(List<Held> made, Held detector)
    {
        made.Add(detector);
        return detector;
    }

    /// <summary>A detector holding something to release.</summary>
    private sealed class Held(BlackDetectorOptions options) : IFrameAnalyzer, IDisposable
    {
        private readonly BlackDetector _inner = new(options);

        public bool Disposed { get; private set; }

        public string Name => "held";

        public bool WantsAudio => false;

        public void Start(VideoDefects.Frames.MediaInfo media) => _inner.Start(media);

        public void OnVideoFrame(VideoDefects.Frames.VideoFrame frame, FrameFeatures features, IDefectEventWriter events) => _inner.OnVideoFrame(frame, features, events);

        public void OnAudio(VideoDefects.Frames.AudioBlock block, IDefectEventWriter events) => _inner.OnAudio(block, events);

        public void Complete(IDefectEventWriter events) => _inner.Complete(events);

        public AnalyzerCheckpoint SaveCheckpoint() => _inner.SaveCheckpoint();

        public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => _inner.RestoreCheckpoint(checkpoint);

        public void Dispose() => Disposed = true;
    }
}
