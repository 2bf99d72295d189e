using System.Reflection;
using VideoDefects.Cli.Commands;
using VideoDefects.Errors;

namespace VideoDefects.Cli;

/// <summary>The <c>videodefects</c> command: dispatches to a command and maps failures to documented exit codes.</summary>
internal static class CliApp
{
    /// <summary>Exit codes besides those of <see cref="ExitCode(MediaException)"/> (3–10).</summary>
    public const int Ok = 0, DefectsFound = 1, Usage = 2, Cancelled = 130, Internal = 70;

    private static readonly HashSet<string> Flags = ["help", "version", "quiet", "verbose", "trusted-input", "json-lines", "no-progress", "no-graphics-learning"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var verbose = args.Contains("--verbose") || args.Contains("-v");
        try
        {
            var line = CommandLine.Parse(args, Flags);
            if (line.Flag("version"))
            {
                await stdout.WriteLineAsync(Version).ConfigureAwait(false);
                return Ok;
            }

            if (line.Command is null || line.Flag("help") && line.Command is null)
            {
                await stdout.WriteAsync(HelpText.Main).ConfigureAwait(false);
                return line.Command is null && !line.Flag("help") ? Usage : Ok;
            }

            return line.Command switch
            {
                "analyze" => await AnalyzeCommand.RunAsync(line, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "demo" => await DemoCommand.RunAsync(line, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "report" => await ReportCommand.RunAsync(line, stdout, cancellationToken).ConfigureAwait(false),
                "signature" => await SignatureCommand.RunAsync(line, stdout, cancellationToken).ConfigureAwait(false),
                "help" => await WriteHelp(stdout).ConfigureAwait(false),
                _ => throw new UsageException($"Unknown command '{line.Command}'. See 'videodefects --help'."),
            };
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"videodefects: {e.Message}").ConfigureAwait(false);
            return Usage;
        }
        catch (MediaException e)
        {
            await stderr.WriteLineAsync($"videodefects: {e.Message}").ConfigureAwait(false);
            if (verbose)
            {
                await stderr.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return ExitCode(e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("videodefects: cancelled.").ConfigureAwait(false);
            return Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"videodefects: {e.Message}").ConfigureAwait(false);
            return Internal;
        }
    }

    /// <summary>The documented exit code of each kind of input error (README, "Exit codes").</summary>
    public static int ExitCode(MediaException error) => error switch
    {
        InputNotFoundException => 3,
        NotMediaException => 4,
        NoVideoStreamException => 5,
        UnsupportedFormatException => 6,
        LimitExceededException => 7,
        InputTimeoutException => 8,
        InputPolicyException => 9,
        DecoderException => 10,
        _ => Internal,
    };

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static async Task<int> WriteHelp(TextWriter stdout)
    {
        await stdout.WriteAsync(HelpText.Main).ConfigureAwait(false);
        return Ok;
    }
}
