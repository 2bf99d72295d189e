using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using VideoDefects.IntegrationTests.Support;
using Xunit.Abstractions;

namespace VideoDefects.IntegrationTests.Cli;

/// <summary>The CLI published as one native executable (Native AOT, as the README shows) does what the tool does:
/// the same reports, the HTML report with its thumbnails (ImageSharp without a JIT), the same typed errors and exit
/// codes. Trimming or AOT can break reflection-based code silently; this is where it would show.</summary>
[Collection(MediaTests.Name)]
public sealed class NativeAotCliTests(MediaFixture media, NativeCliFixture native, ITestOutputHelper output) : IClassFixture<NativeCliFixture>
{
    [Fact]
    public async Task The_native_executable_writes_the_reports_the_tool_writes()
    {
        foreach (var clip in new[] { media.Freeze, media.LateAudio })
        {
            var (code, stdout, stderr) = await Tool.RunAsync(native.Executable, ["analyze", clip, "--output", "-", "-q"]);
            output.WriteLine($"{clip}: {code} {stderr}");
            Assert.True(code == 0, stderr);
            Assert.Empty(SchemaValidator.Validate(stdout, Paths.Schema));
            var (toolCode, toolOut, _) = await AnalyzeCommandTests.RunCliAsync("analyze", clip, "--output", "-", "-q");
            Assert.Equal(toolCode, code);
            Assert.Equal(WithoutTimings(toolOut), WithoutTimings(stdout));
        }
    }

    [Fact]
    public async Task The_native_executable_renders_thumbnails_and_fails_on_bad_input_as_the_tool_does()
    {
        var html = Path.Combine(media.Folder, "native.html");
        var (code, _, stderr) = await Tool.RunAsync(native.Executable, ["analyze", media.Freeze, "--html", html, "-q"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("data:image/png;base64,", await File.ReadAllTextAsync(html), StringComparison.Ordinal);

        foreach (var which in new[] { "missing", "text", "audio" })
        {
            var input = media.BadInput(which);
            var (nativeCode, _, nativeErr) = await Tool.RunAsync(native.Executable, ["analyze", input]);
            var (toolCode, _, toolErr) = await AnalyzeCommandTests.RunCliAsync("analyze", input);
            Assert.Equal(toolCode, nativeCode);
            Assert.Equal(toolErr.Trim(), nativeErr.Trim());
        }
    }

    /// <summary>The report less its wall-clock figures.</summary>
    private static string WithoutTimings(string json)
    {
        var report = JsonNode.Parse(json)!.AsObject();
        Assert.True(report.Remove("performance"), "the report has no performance block");
        return report.ToJsonString();
    }
}

/// <summary>Publishes the CLI with Native AOT once for the test class, into a folder of its own
/// (<c>--artifacts-path</c>: the build the other tests run from is not touched). A failed publish fails the tests.</summary>
public sealed class NativeCliFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "videodefects-aot-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The published native executable.</summary>
    public string Executable => Path.Combine(_root, "publish", "videodefects");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var project = Path.Combine(Paths.RepoRoot, "src", "VideoDefects.Cli", "VideoDefects.Cli.csproj");
        var (code, stdout, stderr) = await Tool.RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true", "--artifacts-path", Path.Combine(_root, "artifacts"), "-o", Path.Combine(_root, "publish")],
            TimeSpan.FromMinutes(8));
        if (code != 0 || !File.Exists(Executable))
        {
            throw new InvalidOperationException($"Native AOT publish failed ({code}): {stdout}{stderr}");
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
