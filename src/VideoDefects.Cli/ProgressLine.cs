using System.Diagnostics;
using System.Globalization;

namespace VideoDefects.Cli;

/// <summary>One self-overwriting status line on a terminal: percent, frames per second, time left. Only used when
/// standard error is a terminal, so logs and pipes stay clean.</summary>
internal sealed class ProgressLine(TextWriter stderr, TimeSpan? duration)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastDraw;

    public void Report(long frames, double seconds)
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastDraw, now) < TimeSpan.FromMilliseconds(250))
        {
            return;
        }

        _lastDraw = now;
        var elapsed = Stopwatch.GetElapsedTime(_started, now).TotalSeconds;
        var fps = elapsed > 0 ? frames / elapsed : 0;
        var text = duration is { TotalSeconds: > 0 } total
            ? string.Create(CultureInfo.InvariantCulture, $"\r{Math.Min(100, seconds / total.TotalSeconds * 100),5:0.0}%  {fps,6:0} fps  ETA {Eta(elapsed, seconds, total.TotalSeconds)}   ")
            : string.Create(CultureInfo.InvariantCulture, $"\r{seconds,8:0.0} s  {fps,6:0} fps   ");
        stderr.Write(text);
    }

    public void Clear() => stderr.Write("\r" + new string(' ', 40) + "\r");

    private static string Eta(double elapsed, double done, double total) =>
        done <= 0 ? "--:--" : TimeSpan.FromSeconds(Math.Max(0, elapsed / done * (total - done))).ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
