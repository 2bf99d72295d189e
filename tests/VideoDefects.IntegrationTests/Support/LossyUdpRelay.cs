using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>A network that loses packets, on loopback: forwards every UDP datagram it receives on
/// <see cref="Port"/> to a target port, except those that arrive within the given windows (seconds after the first
/// datagram) — whole datagrams missing, as on a congested network.</summary>
internal sealed class LossyUdpRelay : IDisposable
{
    private readonly UdpClient _in;
    private readonly UdpClient _out = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _dropped;

    public LossyUdpRelay(int targetPort, IReadOnlyList<(double From, double To)> lossWindows)
    {
        _in = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_in.Client.LocalEndPoint!).Port;
        var target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _loop = Task.Run(async () =>
        {
            Stopwatch? clock = null;
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult datagram;
                try
                {
                    datagram = await _in.ReceiveAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                clock ??= Stopwatch.StartNew();
                var t = clock.Elapsed.TotalSeconds;
                if (lossWindows.Any(w => t >= w.From && t < w.To))
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                await _out.SendAsync(datagram.Buffer, target);
            }
        });
    }

    /// <summary>Where to send.</summary>
    public int Port { get; }

    /// <summary>Datagrams lost so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _in.Dispose();
        _out.Dispose();
        _stop.Dispose();
    }
}
