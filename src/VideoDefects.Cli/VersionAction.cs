using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace VideoDefects.Cli;

/// <summary>Prints the tool's own version (System.CommandLine's default reads the entry assembly, which under a test
/// host or a library caller is not this one), without the source-revision suffix.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static string Version =>
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return CliApp.Ok;
    }
}
