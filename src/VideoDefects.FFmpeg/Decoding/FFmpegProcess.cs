using System.Diagnostics;
using System.Text;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>
/// Runs one <c>ffmpeg</c> whose outputs are all files (the FIFOs of <see cref="VideoFifo"/>), handing each line it
/// writes to standard error to a callback and keeping none of them.
/// </summary>
/// <remarks>FFMpegCore's process wrapper (the <c>Instances</c> package) keeps every standard-error line until the
/// process exits — its <c>DataBufferCapacity</c> defaults to <see cref="int.MaxValue"/> and FFMpegCore does not set it
/// — so a live input whose decoder complains on every frame (one line per damaged macroblock row under heavy packet
/// loss) grew a perpetual monitor's memory without bound. FFMpegCore still builds the command line (and runs FFmpeg
/// when an output is one of its pipes, which its own pipe servers must feed); this runs it when nothing but the log
/// crosses the process boundary.</remarks>
internal static class FFmpegProcess
{
    /// <summary>Runs <paramref name="ffmpeg"/> with <paramref name="arguments"/> until it exits, or kills it (and
    /// anything it started) when <paramref name="stop"/> is cancelled.</summary>
    /// <param name="ffmpeg">The executable.</param>
    /// <param name="arguments">The whole command line after the executable (FFMpegCore's text).</param>
    /// <param name="onErrorLine">Called for each standard-error line, in order, on a thread-pool thread.</param>
    /// <param name="stop">Ends the run: FFmpeg is killed.</param>
    /// <returns>FFmpeg's exit code (non-zero after a kill).</returns>
    /// <exception cref="System.ComponentModel.Win32Exception">ffmpeg could not be started.</exception>
    public static async Task<int> RunAsync(string ffmpeg, string arguments, Action<string> onErrorLine, CancellationToken stop)
    {
        var start = new ProcessStartInfo(ffmpeg, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true, // nothing is written there (every output is a file), but not the host's console
            RedirectStandardInput = true, // never the console's: FFmpeg reads keys from it
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardErrorEncoding = Encoding.UTF8,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                onErrorLine(text);
            }
        };
        process.OutputDataReceived += static (_, _) => { }; // drained and dropped
        process.Start();
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await using (stop.Register(static p => Kill((Process)p!), process).ConfigureAwait(false))
        {
            // Also waits for the end of both redirected streams, so every line has been handed on.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return process.ExitCode;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting as we asked: nothing left to stop.
        }
    }
}
