using System.Text.RegularExpressions;
using VideoDefects.IntegrationTests.Support;
using Xunit.Abstractions;

namespace VideoDefects.IntegrationTests.Packaging;

/// <summary>What a user does first: pack, add the packages to a fresh project outside this repository, paste the
/// README's example, run it; install the CLI as a tool and run it.</summary>
[Collection(MediaTests.Name)]
public sealed partial class PackagingTests(MediaFixture media, ITestOutputHelper output)
{
    private static readonly string[] Packages =
    [
        "VideoDefects", "VideoDefects.FFmpeg", "VideoDefects.Reporting", "VideoDefects.Hosting.Worker",
        "VideoDefects.Hosting.Lambda", "VideoDefects.Hosting.Orleans", "VideoDefects.LipSync", "VideoDefects.Cli",
    ];

    [Fact]
    public async Task Packed_packages_work_from_a_fresh_console_app_and_as_a_dotnet_tool()
    {
        var root = Path.Combine(Path.GetTempPath(), "videodefects-packaging-" + Guid.NewGuid().ToString("N")[..8]);
        var feed = Path.Combine(root, "feed");
        var app = Path.Combine(root, "app");
        Directory.CreateDirectory(app);
        // A cache of its own: a stale 0.1.0 from an earlier run must not stand in for what was just packed.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-cache"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        try
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            await Run("dotnet", ["pack", Path.Combine(Paths.RepoRoot, "VideoDefects.sln"), "-c", configuration, "--no-build", "-o", feed], Paths.RepoRoot, environment);
            foreach (var id in Packages)
            {
                Assert.True(File.Exists(Path.Combine(feed, $"{id}.0.1.0.nupkg")), $"{id} was not packed");
                Assert.True(File.Exists(Path.Combine(feed, $"{id}.0.1.0.snupkg")), $"{id} has no symbol package");
            }

            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="local"><package pattern="VideoDefects*" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="VideoDefects" Version="0.1.0" />
                    <PackageReference Include="VideoDefects.FFmpeg" Version="0.1.0" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ReadmeExample());

            var run = await Run("dotnet", ["run", "--", media.Freeze], app, environment);
            Assert.Matches(@"FrozenFrame 2\.00-3\.20s", run);

            var tools = Path.Combine(root, "tools");
            // From outside the app: its nuget.config maps sources, which `--add-source` may not be combined with.
            await Run("dotnet", ["tool", "install", "VideoDefects.Cli", "--tool-path", tools, "--add-source", feed, "--version", "0.1.0"], root, environment);
            var analyzed = await Run(Path.Combine(tools, "videodefects"), ["analyze", media.Freeze, "--output", "-", "-q"], app, environment);
            SchemaValidator.AssertValid(analyzed);
            Assert.Contains("\"frozenFrame\"", analyzed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The README's first C# block: the library example users copy.</summary>
    private static string ReadmeExample()
    {
        var readme = File.ReadAllText(Path.Combine(Paths.RepoRoot, "README.md"));
        var block = CSharpBlock().Match(readme);
        Assert.True(block.Success, "README.md has no ```csharp block");
        return block.Groups[1].Value;
    }

    private async Task<string> Run(string file, string[] args, string directory, IReadOnlyDictionary<string, string> environment)
    {
        var (code, stdout, stderr) = await Tool.RunAsync(file, args, TimeSpan.FromMinutes(4), directory, environment);
        output.WriteLine($"$ {file} {string.Join(' ', args)}\n{stdout}{stderr}");
        Assert.True(code == 0, $"{file} {string.Join(' ', args)} failed ({code}): {stdout}{stderr}");
        return stdout;
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
