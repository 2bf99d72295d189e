using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using VideoDefects.Cli.Commands;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.LipSync;

namespace VideoDefects.Cli;

/// <summary>The <c>videodefects</c> command: parses with System.CommandLine, runs the command and maps failures to the
/// documented exit codes. Takes the detectors it offers from a <see cref="DetectorRegistry"/> (tests add their own).</summary>
internal static class CliApp
{
    /// <summary>Exit codes besides those of <see cref="ExitCode(MediaException)"/> (3–10).</summary>
    public const int Ok = 0, DefectsFound = 1, Usage = 2, Cancelled = 130, Internal = 70;

    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Stack traces on errors.", Recursive = true };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, DetectorRegistry? registry = null)
    {
        var parse = CreateRoot(registry ?? DetectorRegistry.Default.WithLipSync()).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"videodefects: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("See 'videodefects --help'.").ConfigureAwait(false);
            return Usage;
        }

        // Exceptions reach the handlers below (which know the exit codes); Ctrl+C is Program's, not the parser's.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UsageException or InvalidDetectorOptionsException)
        {
            await stderr.WriteLineAsync($"videodefects: {e.Message}").ConfigureAwait(false);
            return Usage;
        }
        catch (MediaException e)
        {
            await stderr.WriteLineAsync($"videodefects: {e.Message}").ConfigureAwait(false);
            if (parse.GetValue(Verbose))
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

    /// <summary>The command tree: analyze, report, signature, demo, and help.</summary>
    internal static RootCommand CreateRoot(DetectorRegistry registry)
    {
        var root = new RootCommand("videodefects — find frozen frames, block corruption, A/V sync offsets, black, silence, loudness and clipping in video.")
        {
            Verbose,
            new AnalyzeCommand(registry),
            new ReportCommand(),
            new SignatureCommand(),
            new DemoCommand(),
        };
        var helpOption = root.Options.OfType<HelpOption>().Single();
        var help = new HelpWithExamples(helpOption.Action!);
        helpOption.Action = help;
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();

        // `videodefects` alone prints the help as a usage mistake (exit 2); `videodefects help` as asked (exit 0).
        root.SetAction(parse =>
        {
            help.Invoke(parse);
            return Usage;
        });
        var helpCommand = new Command("help", "Show this help.") { Hidden = true };
        helpCommand.SetAction(parse => root.Parse(["--help"]).Invoke(parse.InvocationConfiguration));
        root.Add(helpCommand);
        return root;
    }
}
