using System.CommandLine;
using System.Globalization;
using System.Text;
using FFMpegCore;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects demo</c>: makes a short clip from FFmpeg's own test sources with known defects injected,
/// analyses it with every detector and prints what was injected beside what was found.</summary>
internal sealed class DemoCommand : Command
{
    private const int Rate = 25;
    private const double Seconds = 12;
    private const int FreezeFirst = 100, FreezeLast = 137; // frames 100..137 repeat frame 99: 4.00–5.52 s
    private const int CorruptPacket = 200;                 // one damaged packet (decode order) near 8.0 s
    private const int AudioDelayMs = 120;

    private readonly Option<string> _keep = new("--keep") { HelpName = "DIR", Description = "Make the clip in DIR and keep it with its report." };

    public DemoCommand()
        : base("demo", "Make a clip with known defects, analyse it, compare.")
    {
        Add(_keep);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult line, CancellationToken cancellationToken)
    {
        var keep = line.GetValue(_keep);
        var stdout = line.InvocationConfiguration.Output;
        var folder = keep ?? Path.Combine(Path.GetTempPath(), "videodefects-demo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await stdout.WriteLineAsync($"Making a {Seconds:0} s 640x360 clip with FFmpeg's test sources in {folder} ...").ConfigureAwait(false);
            var clip = await MakeClipAsync(folder, cancellationToken).ConfigureAwait(false);
            await using var source = new FFmpegSource(clip);
            var report = await new AnalysisPipeline(DetectorRegistry.Default.Create(null)).RunAsync(source, cancellationToken).ConfigureAwait(false);
            await ReportFile.WriteAsync(Path.Combine(folder, "demo.report.json"), report, cancellationToken).ConfigureAwait(false);
            await stdout.WriteAsync(Compare(report)).ConfigureAwait(false);
            if (keep is not null)
            {
                await stdout.WriteLineAsync($"Clip and report kept in {folder}").ConfigureAwait(false);
            }

            return CliApp.Ok;
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<string> MakeClipAsync(string folder, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        var clean = Path.Combine(folder, "clean.mp4");
        var damaged = Path.Combine(folder, "demo.mp4");
        // Picture: a moving test pattern with a white flash every second; sound: a 1 kHz beep every second, played
        // AudioDelayMs late; frames FreezeFirst..FreezeLast repeat the frame before them.
        var video = string.Create(c, $"testsrc2=s=640x360:r={Rate}:d={Seconds},drawbox=x=0:y=0:w=iw:h=ih:c=white:t=fill:enable='lt(mod(n\\,{Rate})\\,1)'");
        var audio = string.Create(c, $"aevalsrc='if(lt(mod(t-{AudioDelayMs / 1000.0}+10\\,1)\\,0.04)\\,0.8*sin(2*PI*1000*t)\\,0)':s=48000:d={Seconds}");
        var filter = string.Create(c, $"[0:v]split[a][b];[a][b]freezeframes=first={FreezeFirst}:last={FreezeLast}:replace={FreezeFirst - 1},format=yuv420p[v]");
        await RunFFmpegAsync(
            FFMpegArguments.FromFileInput(video, verifyExists: false, o => o.WithCustomArgument("-f lavfi"))
                .AddFileInput(audio, verifyExists: false, o => o.WithCustomArgument("-f lavfi"))
                .OutputToFile(clean, overwrite: true, o => o.WithCustomArgument(
                    $"-filter_complex \"{filter}\" -map \"[v]\" -map 1:a -c:v libx264 -preset veryfast -crf 20 -g {2 * Rate} -c:a aac")),
            cancellationToken).ConfigureAwait(false);
        // Packet loss: damage one packet's payload; FFmpeg's error concealment smears macroblocks until the keyframe.
        await RunFFmpegAsync(
            FFMpegArguments.FromFileInput(clean)
                .OutputToFile(damaged, overwrite: true, o => o.WithCustomArgument(
                    string.Create(c, $"-c copy -bsf:v \"noise=amount='eq(n\\,{CorruptPacket})*20'\""))),
            cancellationToken).ConfigureAwait(false);
        return damaged;
    }

    private static async Task RunFFmpegAsync(FFMpegArgumentProcessor processor, CancellationToken cancellationToken)
    {
        try
        {
            var result = await processor.ProcessAsynchronously(throwOnError: false, null, cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                throw new DecoderException("demo", $"FFmpeg could not make the demo clip: {string.Join(' ', result.StandardError.TakeLast(3))}");
            }
        }
        catch (Exception e) when (FFmpegSource.IsMissingBinary(e))
        {
            throw new DecoderException("demo", "ffmpeg could not be started; install FFmpeg (e.g. apt-get install ffmpeg).", e);
        }
    }

    private static string Compare(AnalysisReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine();
        s.AppendLine("injected                                    found");
        s.AppendLine("------------------------------------------  ------------------------------------------");
        Row(s, string.Create(c, $"frozen frames {FreezeFirst / (double)Rate:0.00}–{(FreezeLast + 1) / (double)Rate:0.00} s"), Found(report, DefectKind.FrozenFrame));
        Row(s, string.Create(c, $"packet loss at {CorruptPacket / (double)Rate:0.00} s (until keyframe)"), Found(report, DefectKind.BlockCorruption));
        var av = report.AvSync?.AudioDelayMs is { } ms
            ? string.Create(c, $"audio late by {ms:0} ms ({report.AvSync.Method}, confidence {report.AvSync.Confidence:0.00})")
            : "no estimate";
        Row(s, string.Create(c, $"audio {AudioDelayMs} ms late"), av);
        var others = report.Events.Where(e => e.Kind is not (DefectKind.FrozenFrame or DefectKind.BlockCorruption)).ToList();
        foreach (var e in others)
        {
            Row(s, "", string.Create(c, $"{e.Kind.ContractName()} {e.Start:0.00}–{e.End:0.00} s"));
        }

        s.AppendLine();
        s.AppendLine(string.Create(c, $"{report.Video.Frames} frames analysed in {report.Performance?.WallSeconds:0.00} s."));
        return s.ToString();
    }

    private static string Found(AnalysisReport report, DefectKind kind)
    {
        var c = CultureInfo.InvariantCulture;
        var events = report.Events.Where(e => e.Kind == kind).ToList();
        return events.Count == 0
            ? "nothing"
            : string.Join("; ", events.Select(e => string.Create(c, $"{e.Start:0.00}–{e.End:0.00} s (confidence {e.Confidence:0.00})")));
    }

    private static void Row(StringBuilder s, string injected, string found) => s.Append(injected.PadRight(44)).AppendLine(found);
}
