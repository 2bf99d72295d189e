namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects demo</c>: placeholder until the demo clip generator lands (see DemoClip).</summary>
internal static class DemoCommand
{
    public static Task<int> RunAsync(CommandLine line, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        throw new UsageException("demo is not built yet.");
}
