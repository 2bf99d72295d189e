using System.CommandLine;
using System.Globalization;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Detectors.Black;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Reference;
using VideoDefects.Formats;
using VideoDefects.LipSync;
using VideoDefects.Pipeline;
using VideoDefects.Reporting.Metrics;
using VideoDefects.Reports;

namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects analyze INPUT</c>: runs the detectors and writes the schema's JSON report.</summary>
internal sealed class AnalyzeCommand : Command
{
    private readonly Argument<string> _input = new("INPUT") { Description = "A media file or a live URL (udp://, srt://, rtmp://, http(s)://, HLS)." };
    private readonly Option<string> _output = new("--output") { HelpName = "FILE", Description = "Write the JSON report to FILE ('-' = standard output)." };
    private readonly Option<string> _html = new("--html") { HelpName = "FILE", Description = "Also write a self-contained HTML report (timeline, plots, thumbnails)." };
    private readonly Option<bool> _jsonLines = new("--json-lines") { Description = "Print each event as a JSON line the moment it is final (live inputs)." };
    private readonly Option<bool> _noProgress = new("--no-progress") { Description = "No progress line (it only shows when stderr is a terminal anyway)." };
    private readonly DetectorRegistry _registry;
    private readonly Option<string[]> _detectors;
    private readonly Option<string> _detectorOptions = new("--detector-options")
    {
        HelpName = "FILE",
        Description = "Detector options as JSON keyed by detector name, e.g. {\"corruption\": {\"minOnsetBlocks\": 16}}; "
            + "the options below win over it.",
    };

    private readonly Option<string> _models = new("--models")
    {
        HelpName = "DIR",
        Description = "The lipsync detector's models directory (default: $VIDEODEFECTS_MODELS); see the README for where to get them.",
    };

    private readonly Option<string> _reference = new("--reference")
    {
        HelpName = "SOURCE",
        Description = "Measure A/V sync against the clean source (a media file or URL, or a signature file): exact on any content "
            + "that moves and makes sound; also reports the copy's video delay. A source of 3 min or more is fingerprinted in "
            + "samples (a third of it); 'signature' fingerprints it whole.",
    };

    private readonly Option<double?> _freezeMinDuration = CliOptions.Number("--freeze-min-duration", "S", "Shortest freeze reported, seconds (default 0.5).", s => s >= 0, "cannot be negative");
    private readonly Option<string> _freezeMode = new Option<string>("--freeze-mode") { HelpName = "MODE", Description = "robust (default) or ffmpeg (freezedetect's rule)." }
        .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "robust", "ffmpeg");

    private readonly Option<string> _freezeNoise = new("--freeze-noise") { HelpName = "N", Description = "ffmpeg mode tolerance: ratio (0.001) or decibels (-60dB)." };
    private readonly Option<string[]> _ignoreRegions = new("--ignore-region")
    {
        HelpName = "X,Y,W,H",
        Description = "Leave a picture area out of the freeze decision (clock, ticker, logo); repeatable. Wins over the graphics the detector learns.",
    };

    private readonly Option<bool> _noGraphicsLearning = new("--no-graphics-learning")
    {
        Description = "Do not learn live graphics (ticker, clock, bug at the top or bottom edge) to call a freeze under them.",
    };

    private readonly Option<double?> _blackMinDuration = CliOptions.Number("--black-min-duration", "S", "Shortest black reported, seconds (default 2, as blackdetect d).", s => s >= 0, "cannot be negative");
    private readonly Option<bool> _blackFullRange = new("--black-full-range") { Description = "The picture is full-range (PC/JPEG) YUV: black is 0, not 16." };
    private readonly Option<double?> _silenceNoise = CliOptions.Number("--silence-noise", "DB", "Silence is below this level, dBFS (default -60, as silencedetect).", db => db < 0, "is a level below 0 dBFS, e.g. -60");
    private readonly Option<double?> _silenceMinDuration = CliOptions.Number("--silence-min-duration", "S", "Shortest silence reported, seconds (default 2).", s => s > 0, "must be positive");
    private readonly Option<string> _loudnessProfile = new("--loudness-profile")
    {
        HelpName = "P",
        Description = "Raise loudness events against ebuR128 (-23 LUFS ±1, -1 dBTP) or atscA85 (-24 LKFS ±2, -2 dBTP); default: measure only.",
    };

    private readonly Option<string[]> _failOn = new("--fail-on") { HelpName = "KINDS", Description = "Exit 1 when events of these kinds are found (e.g. frozenFrame); comma-separated, repeatable." };
    private readonly Option<double?> _readTimeout = CliOptions.Number("--read-timeout", "S", "Give up when the input sends nothing for S seconds (default 15).", s => s > 0, "must be positive");
    private readonly Option<bool> _trusted = CliOptions.TrustedInput();
    private readonly Option<int?> _decoderThreads = CliOptions.WholeNumber(
        "--decoder-threads",
        "N",
        "FFmpeg decoder threads (default 1: decoder errors land on their exact frame every run; 0 = FFmpeg's choice, faster on "
            + "an idle machine, errors placed within a few frames).",
        0,
        64);

    private readonly Option<bool> _quiet = CliOptions.Quiet();

    public AnalyzeCommand(DetectorRegistry registry)
        : base("analyze", "Analyse a file or live URL; write a JSON report.")
    {
        _registry = registry;
        _detectors = new("--detectors")
        {
            HelpName = "LIST",
            Description = $"Comma-separated: {string.Join(", ", registry.Names)} (default: all{(registry.Descriptors.All(d => d.OnByDefault) ? "" : " but the opt-in ones")}).",
            CustomParser = result =>
            {
                string[] names = [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
                if (registry.FirstUnknown(names) is { } unknown)
                {
                    result.AddError($"--detectors: unknown detector '{unknown}'; available: {string.Join(", ", registry.Names)}.");
                }

                return names;
            },
        };
        Add(_input);
        foreach (var option in new Option[]
        {
            _output, _html, _jsonLines, _noProgress, _detectors, _detectorOptions, _models, _reference, _freezeMinDuration, _freezeMode, _freezeNoise, _ignoreRegions,
            _noGraphicsLearning, _blackMinDuration, _blackFullRange, _silenceNoise, _silenceMinDuration, _loudnessProfile, _failOn,
            _readTimeout, _trusted, _decoderThreads, _quiet,
        })
        {
            Add(option);
        }

        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult line, CancellationToken cancellationToken)
    {
        var input = line.GetRequiredValue(_input);
        var output = line.GetValue(_output);
        var quiet = line.GetValue(_quiet);
        var (names, settings) = SettingsFromLine(line);
        var reference = line.GetValue(_reference);
        var failOn = ParseKinds(line.GetValue(_failOn) ?? []);
        var limits = MediaLimits.Default;
        if (line.GetValue(_readTimeout) is { } timeout)
        {
            limits = limits with { ReadTimeout = TimeSpan.FromSeconds(timeout) };
        }

        var decoderThreads = line.GetValue(_decoderThreads) ?? 1;
        var trusted = line.GetValue(_trusted);
        var html = line.GetValue(_html);
        var jsonLines = line.GetValue(_jsonLines);
        var stdout = line.InvocationConfiguration.Output;
        var stderr = line.InvocationConfiguration.Error;
        var showProgress = !quiet && !line.GetValue(_noProgress) && !jsonLines && Console.IsErrorRedirected == false && stderr == Console.Error;
        if (reference is not null && names is not null && !names.Contains("avsync", StringComparer.OrdinalIgnoreCase))
        {
            throw new UsageException("--reference measures A/V sync: it needs the avsync detector.");
        }

        // The source is fingerprinted (or its saved signature read) while the copy is analysed: two decodes sharing
        // the machine cost less time than one after the other. A reference that cannot be read stops the copy's
        // analysis at once.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<SyncSignature>? referenceTask = null;
        if (reference is not null)
        {
            referenceTask = Task.Run(() => ReferenceSignature.LoadAsync(reference, new FFmpegSourceOptions { Limits = limits, TrustedInput = trusted }, cancellationToken: stop.Token), stop.Token);
            _ = referenceTask.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            settings = settings with { AvSync = settings.AvSync with { PendingReference = referenceTask } };
        }

        try
        {
            var run = new Run(_registry, input, output, quiet, html, jsonLines, showProgress, names, settings, limits, trusted, decoderThreads, failOn);
            return await AnalyzeAsync(run, stdout, stderr, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (referenceTask is { IsFaulted: true } && !cancellationToken.IsCancellationRequested)
        {
            await referenceTask.ConfigureAwait(false); // the reference's own error, naming it
            throw;
        }
    }

    private static async Task<int> AnalyzeAsync(Run run, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (registry, input, output, quiet, html, jsonLines, showProgress, names, settings, limits, trusted, decoderThreads, failOn) = run;
        using var detectors = registry.Create(names, settings); // names and options checked before
        await using var source = CreateSource(input, limits, trusted, decoderThreads);
        var metrics = html is null ? null : new FrameMetricsRecorder(recordLoudness: detectors.Any(d => d is LoudnessDetector));
        ProgressLine? progress = null;
        var pipeline = new AnalysisPipeline(metrics is null ? detectors : [.. detectors, metrics], new PipelineOptions
        {
            // Live inputs never end: with --json-lines each event is printed the moment it is final.
            LiveEvents = jsonLines ? new EventLines(stdout) : null,
            Progress = showProgress ? (frames, time) => progress?.Report(frames, time) : null,
        });
        pipeline.Configure(source);
        var media = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        progress = showProgress ? new ProgressLine(stderr, media.Duration) : null;
        var report = await pipeline.RunAsync(source, cancellationToken).ConfigureAwait(false);
        progress?.Clear();
        if (html is not null)
        {
            await HtmlOutput.WriteAsync(html, report, input, metrics, cancellationToken).ConfigureAwait(false);
        }

        var summary = output == "-" || jsonLines ? stderr : stdout;
        if (output == "-")
        {
            await stdout.WriteLineAsync(ReportJson.Serialize(report)).ConfigureAwait(false);
        }
        else if (output is not null)
        {
            await ReportFile.WriteAsync(output, report, cancellationToken).ConfigureAwait(false);
        }

        if (!quiet)
        {
            await summary.WriteAsync(Summary.Describe(report, output)).ConfigureAwait(false);
        }

        return report.Events.Any(e => failOn.Contains(e.Kind)) ? CliApp.DefectsFound : CliApp.Ok;
    }

    /// <summary>What the command line asked for, parsed and checked.</summary>
    private sealed record Run(
        DetectorRegistry Registry, string Input, string? Output, bool Quiet, string? Html, bool JsonLines, bool ShowProgress, string[]? Names, DetectorSettings Settings,
        MediaLimits Limits, bool Trusted, int DecoderThreads, HashSet<DefectKind> FailOn);

    /// <summary>Prints each final event as one JSON line on standard output.</summary>
    private sealed class EventLines(TextWriter stdout) : IDefectEventWriter
    {
        public void Write(DefectEvent defect)
        {
            stdout.WriteLine(ReportJson.SerializeEventLine(defect));
            stdout.Flush();
        }
    }

    /// <summary>Y4M is read by the core itself (no FFmpeg needed); everything else goes through FFmpeg.</summary>
    internal static IMediaSource CreateSource(string input, MediaLimits limits, bool trusted, int decoderThreads = 1) =>
        input.EndsWith(".y4m", StringComparison.OrdinalIgnoreCase) && !input.Contains("://", StringComparison.Ordinal)
            ? new Y4mSource(input, limits: limits)
            : new FFmpegSource(input, new FFmpegSourceOptions { Limits = limits, TrustedInput = trusted, DecoderThreads = decoderThreads });

    private (string[]? Names, DetectorSettings Settings) SettingsFromLine(ParseResult line)
    {
        var file = ReadDetectorOptions(line.GetValue(_detectorOptions));
        var frozen = file.Frozen;
        if (line.GetValue(_freezeMinDuration) is { } minDuration)
        {
            frozen = frozen with { MinDuration = TimeSpan.FromSeconds(minDuration) };
        }

        if (line.GetValue(_freezeMode) is { } mode)
        {
            frozen = frozen with { Mode = mode.Equals("ffmpeg", StringComparison.OrdinalIgnoreCase) ? FreezeMode.FFmpegCompatible : FreezeMode.Robust };
        }

        if (line.GetValue(_freezeNoise) is { } noise)
        {
            frozen = frozen with { NoiseRatio = ParseNoise(noise) };
        }

        if (line.GetValue(_noGraphicsLearning))
        {
            frozen = frozen with { DiscountLiveGraphics = false };
        }

        if (line.GetValue(_ignoreRegions) is { Length: > 0 } regions)
        {
            try
            {
                frozen = frozen with { IgnoreRegions = [.. regions.Select(PixelRegion.Parse)] };
            }
            catch (FormatException e)
            {
                throw new UsageException($"--ignore-region: {e.Message}");
            }
        }

        var names = line.GetValue(_detectors) is { Length: > 0 } listed ? listed : null; // not given: every detector
        var black = line.GetValue(_blackFullRange) ? file.Black with { Range = LumaRange.Full } : file.Black;
        if (line.GetValue(_blackMinDuration) is { } blackSeconds)
        {
            black = black with { MinDuration = TimeSpan.FromSeconds(blackSeconds) };
        }

        var silence = file.Silence;
        if (line.GetValue(_silenceNoise) is { } db)
        {
            silence = silence with { NoiseDb = db };
        }

        if (line.GetValue(_silenceMinDuration) is { } silenceSeconds)
        {
            silence = silence with { MinDuration = TimeSpan.FromSeconds(silenceSeconds) };
        }

        var loudness = line.GetValue(_loudnessProfile) is { } profile
            ? file.Loudness with { Profile = LoudnessProfile.Find(profile) ?? throw new UsageException($"--loudness-profile is ebuR128 or atscA85, not '{profile}'.") }
            : file.Loudness;
        var settings = file with { Frozen = frozen, Black = black, Silence = silence, Loudness = loudness };
        if (line.GetValue(_models) is { } models)
        {
            var lipSync = settings.For(LipSyncRegistration.Descriptor.Name) as LipSyncDetectorOptions ?? new LipSyncDetectorOptions();
            settings = settings.With(LipSyncRegistration.Descriptor.Name, lipSync with { ModelsDirectory = models });
        }

        return (names, settings);
    }

    /// <summary>The options file's settings (none given: every detector's defaults); its mistakes are usage errors.</summary>
    private DetectorSettings ReadDetectorOptions(string? path)
    {
        if (path is null)
        {
            return new DetectorSettings();
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--detector-options: cannot read '{path}': {e.Message}");
        }

        try
        {
            return _registry.ParseSettings(json);
        }
        catch (InvalidDetectorOptionsException e)
        {
            throw new UsageException($"--detector-options '{path}': {e.Message}");
        }
    }

    private static double ParseNoise(string text)
    {
        var isDb = text.EndsWith("dB", StringComparison.OrdinalIgnoreCase);
        var number = isDb ? text[..^2] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"--freeze-noise takes a ratio (0.001) or decibels (-60dB), not '{text}'.");
        }

        return isDb ? FrozenFrameDetectorOptions.NoiseFromDecibels(value) : value;
    }

    private static HashSet<DefectKind> ParseKinds(string[] values)
    {
        var kinds = new HashSet<DefectKind>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            kinds.Add(Enum.GetValues<DefectKind>().FirstOrDefault(k => string.Equals(k.ContractName(), name, StringComparison.OrdinalIgnoreCase), (DefectKind)(-1)) switch
            {
                (DefectKind)(-1) => throw new UsageException($"--fail-on: unknown kind '{name}' (e.g. frozenFrame, blockCorruption, avSyncOffset)."),
                var k => k,
            });
        }

        return kinds;
    }
}
