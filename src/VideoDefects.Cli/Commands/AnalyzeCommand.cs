using System.Globalization;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Detectors.Black;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Reference;
using VideoDefects.Formats;
using VideoDefects.Pipeline;
using VideoDefects.Reporting.Metrics;
using VideoDefects.Reports;

namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects analyze INPUT</c>: runs the detectors and writes the schema's JSON report.</summary>
internal static class AnalyzeCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (line.Positional.Count != 1)
        {
            throw new UsageException("analyze takes exactly one INPUT (a file path or URL).");
        }

        var input = line.Positional[0];
        var output = line.Value("output");
        var quiet = line.Flag("quiet");
        line.Flag("verbose");
        var (names, settings) = SettingsFromLine(line);
        var reference = line.Value("reference");
        var failOn = ParseKinds(line.Values("fail-on"));
        var limits = MediaLimits.Default;
        if (line.Number("read-timeout") is { } timeout)
        {
            limits = limits with { ReadTimeout = TimeSpan.FromSeconds(timeout > 0 ? timeout : throw new UsageException("--read-timeout must be positive.")) };
        }

        var decoderThreads = line.Number("decoder-threads") is { } threads
            ? threads >= 0 && threads == Math.Floor(threads) && threads <= 64 ? (int)threads : throw new UsageException("--decoder-threads must be a whole number from 0 to 64.")
            : 1;
        var trusted = line.Flag("trusted-input");
        var html = line.Value("html");
        var jsonLines = line.Flag("json-lines");
        var showProgress = !quiet && !line.Flag("no-progress") && !jsonLines && Console.IsErrorRedirected == false && stderr == Console.Error;
        line.RejectUnknown();
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
            var run = new Run(input, output, quiet, html, jsonLines, showProgress, names, settings, limits, trusted, decoderThreads, failOn);
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
        var (input, output, quiet, html, jsonLines, showProgress, names, settings, limits, trusted, decoderThreads, failOn) = run;
        var detectors = CreateDetectors(names, settings);
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
        string Input, string? Output, bool Quiet, string? Html, bool JsonLines, bool ShowProgress, string[]? Names, DetectorSettings Settings,
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

    private static IReadOnlyList<IFrameAnalyzer> CreateDetectors(string[]? names, DetectorSettings settings)
    {
        try
        {
            return DetectorCatalog.Create(names, settings);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static (string[]? Names, DetectorSettings Settings) SettingsFromLine(CommandLine line)
    {
        var frozen = new FrozenFrameDetectorOptions();
        if (line.Number("freeze-min-duration") is { } minDuration)
        {
            frozen = frozen with { MinDuration = TimeSpan.FromSeconds(minDuration) };
        }

        if (line.Value("freeze-mode") is { } mode)
        {
            frozen = frozen with
            {
                Mode = mode.ToLowerInvariant() switch
                {
                    "robust" => FreezeMode.Robust,
                    "ffmpeg" => FreezeMode.FFmpegCompatible,
                    _ => throw new UsageException($"--freeze-mode is robust or ffmpeg, not '{mode}'."),
                },
            };
        }

        if (line.Value("freeze-noise") is { } noise)
        {
            frozen = frozen with { NoiseRatio = ParseNoise(noise) };
        }

        if (line.Flag("no-graphics-learning"))
        {
            frozen = frozen with { DiscountLiveGraphics = false };
        }

        var regions = line.Values("ignore-region");
        if (regions.Count > 0)
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

        var names = line.Value("detectors")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (names, new DetectorSettings { Frozen = frozen, Black = BlackFromLine(line), Silence = SilenceFromLine(line), Loudness = LoudnessFromLine(line) });
    }

    private static BlackDetectorOptions BlackFromLine(CommandLine line)
    {
        var black = new BlackDetectorOptions { Range = line.Flag("black-full-range") ? LumaRange.Full : LumaRange.Limited };
        return line.Number("black-min-duration") is { } d
            ? black with { MinDuration = d >= 0 ? TimeSpan.FromSeconds(d) : throw new UsageException("--black-min-duration cannot be negative.") }
            : black;
    }

    private static SilenceDetectorOptions SilenceFromLine(CommandLine line)
    {
        var silence = new SilenceDetectorOptions();
        if (line.Number("silence-noise") is { } db)
        {
            silence = silence with { NoiseDb = db < 0 ? db : throw new UsageException("--silence-noise is a level below 0 dBFS, e.g. -60.") };
        }

        return line.Number("silence-min-duration") is { } d
            ? silence with { MinDuration = d > 0 ? TimeSpan.FromSeconds(d) : throw new UsageException("--silence-min-duration must be positive.") }
            : silence;
    }

    private static LoudnessDetectorOptions LoudnessFromLine(CommandLine line) => line.Value("loudness-profile") is { } name
        ? new LoudnessDetectorOptions { Profile = LoudnessProfile.Find(name) ?? throw new UsageException($"--loudness-profile is ebuR128 or atscA85, not '{name}'.") }
        : new LoudnessDetectorOptions();

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

    private static HashSet<DefectKind> ParseKinds(IReadOnlyList<string> values)
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
