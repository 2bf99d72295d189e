using System.Diagnostics;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>Runs a real program (FFmpeg) and fails the test with its stderr when it fails.</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(
        string file, IEnumerable<string> args, TimeSpan? timeout = null, string? directory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs ffmpeg with <paramref name="args"/> (after -hide_banner -loglevel error -y) and asserts success.</summary>
    public static async Task FFmpegAsync(params string[] args)
    {
        var (code, _, err) = await RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. args]);
        if (code != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed ({code}): {err}");
        }
    }
}
