using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>A live MPEG-TS stream over UDP on loopback, sent in real time by FFmpeg (<c>-re</c>).</summary>
internal sealed class UdpSender : IDisposable
{
    private readonly Process _process;

    private UdpSender(Process process) => _process = process;

    /// <summary>Sends <paramref name="seconds"/> of a moving test pattern with sound; frames in
    /// [<paramref name="freezeFrom"/>, <paramref name="freezeTo"/>) seconds repeat the frame before.</summary>
    public static UdpSender Start(int port, double seconds, double? freezeFrom = null, double? freezeTo = null) =>
        Start(port, seconds, freezeFrom is { } f && freezeTo is { } t ? [(f, t)] : []);

    /// <summary>Sends <paramref name="seconds"/> of a moving test pattern with sound, frozen in each window.</summary>
    public static UdpSender Start(int port, double seconds, IReadOnlyList<(double From, double To)> freezes)
    {
        var c = CultureInfo.InvariantCulture;
        var video = Freezes.Filter(freezes, 25);
        return Launch(
            "-f", "lavfi", "-i", string.Create(c, $"testsrc2=s=320x240:r=25:d={seconds}"),
            "-f", "lavfi", "-i", string.Create(c, $"sine=f=440:d={seconds}"),
            "-filter_complex", video, "-map", "[v]", "-map", "1:a",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-f", "mpegts", string.Create(c, $"udp://127.0.0.1:{port}?pkt_size=1316"));
    }

    /// <summary>Sends the MPEG-TS file at <paramref name="path"/> in real time, packets as they are (stream copy).</summary>
    public static UdpSender StartFile(int port, string path) =>
        Launch("-i", path, "-c", "copy", "-f", "mpegts", string.Create(CultureInfo.InvariantCulture, $"udp://127.0.0.1:{port}?pkt_size=1316"));

    /// <summary>Starts FFmpeg sending in real time (<c>-re</c>, before the inputs) with <paramref name="args"/>.</summary>
    private static UdpSender Launch(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-re", .. args])
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        process.StandardInput.Close();
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        return new UdpSender(process);
    }

    public static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    public Task WaitAsync() => _process.WaitForExitAsync();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
