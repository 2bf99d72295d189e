using System.CommandLine;
using System.CommandLine.Invocation;

namespace VideoDefects.Cli;

/// <summary>System.CommandLine's generated help, followed by the documented exit codes and examples (which a
/// generated help cannot know).</summary>
internal sealed class HelpWithExamples(CommandLineAction help) : SynchronousCommandLineAction
{
    public const string ExitCodes = """
        Exit codes:
          0 done, 1 defects found (--fail-on), 2 usage, 3 input not found, 4 not media, 5 no video stream,
          6 unsupported format, 7 limit exceeded, 8 timed out, 9 refused by input policy,
          10 FFmpeg missing or failed, 70 internal error, 130 cancelled.
        """;

    public const string Examples = """
        Examples:
          videodefects analyze movie.mp4 --output report.json --html report.html
          videodefects report report.json --html report.html
          videodefects analyze copy.mp4 --reference master.mov --detectors avsync
          videodefects signature master.mov --output master.vdsig
          videodefects analyze udp://127.0.0.1:23000 --json-lines --fail-on frozenFrame
          videodefects analyze news.ts --ignore-region 1600,40,280,80 --freeze-min-duration 1
          videodefects analyze spot.mxf --loudness-profile ebuR128 --fail-on loudness,clipping
        """;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = help is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : 0;
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(ExitCodes);
        output.WriteLine();
        output.WriteLine(Examples);
        output.WriteLine();
        return code;
    }
}
