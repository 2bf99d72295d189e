using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using VideoDefects.FFmpeg.Decoding;

namespace VideoDefects.IntegrationTests.FFmpeg;

/// <summary>The runner that keeps no log line (real FFmpeg): every line is handed on, in order; stopping kills.</summary>
public partial class FFmpegProcessTests
{
    [Fact]
    public async Task Every_log_line_is_handed_on_in_order_and_the_exit_code_returned()
    {
        // showinfo logs one line per frame at info level: 3000 frames are ≈6000 lines, far more than any pipe buffer.
        var frameNumbers = new List<int>();
        var exit = await FFmpegProcess.RunAsync(
            "ffmpeg",
            "-nostdin -nostats -f lavfi -i testsrc=s=64x48:r=100:d=30 -vf showinfo=checksum=0 -f null - -v info",
            line =>
            {
                if (ShowInfoFrame().Match(line) is { Success: true } m)
                {
                    frameNumbers.Add(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            },
            CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(Enumerable.Range(0, 3000), frameNumbers);
    }

    [Fact]
    public async Task A_stop_kills_an_ffmpeg_that_would_run_forever()
    {
        using var stop = new CancellationTokenSource();
        var lines = 0;
        var run = FFmpegProcess.RunAsync("ffmpeg", "-nostats -re -f lavfi -i testsrc=s=64x48:r=25 -vf showinfo=checksum=0 -f null - -v info", _ => Interlocked.Increment(ref lines), stop.Token);
        var started = Stopwatch.StartNew();
        while (Volatile.Read(ref lines) < 10 && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.True(Volatile.Read(ref lines) >= 10, "FFmpeg never logged a frame");
        await stop.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, exit);
    }

    [Fact]
    public async Task A_missing_executable_is_the_process_start_error() =>
        await Assert.ThrowsAsync<Win32Exception>(() => FFmpegProcess.RunAsync("/nonexistent/ffmpeg", "-version", _ => { }, CancellationToken.None));

    [GeneratedRegex(@"Parsed_showinfo.*\bn:\s*(\d+)\s")]
    private static partial Regex ShowInfoFrame();
}
