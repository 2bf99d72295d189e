using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace VideoDefects.Hosting.Worker;

/// <summary>Fans events out to every registered sink, each through its own bounded queue and task, so a slow or
/// failing sink (a webhook that is down) never blocks analysis or the other sinks. When a queue is full the oldest
/// event is dropped and counted.</summary>
internal sealed partial class EventDispatcher : IAsyncDisposable
{
    private const int QueueCapacity = 10_000;
    private readonly List<(IDefectEventSink Sink, Channel<StreamDefectEvent> Queue, Task Pump)> _sinks = [];
    private readonly ILogger<EventDispatcher> _logger;
    private readonly MonitoringMetrics _metrics;

    public EventDispatcher(IEnumerable<IDefectEventSink> sinks, ILogger<EventDispatcher> logger, MonitoringMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
        foreach (var sink in sinks)
        {
            var queue = Channel.CreateBounded<StreamDefectEvent>(new BoundedChannelOptions(QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            }, _ => _metrics.EventDropped());
            _sinks.Add((sink, queue, PumpAsync(sink, queue.Reader)));
        }
    }

    public void Publish(StreamDefectEvent defect)
    {
        _metrics.Defect(defect);
        foreach (var (_, queue, _) in _sinks)
        {
            queue.Writer.TryWrite(defect);
        }
    }

    /// <summary>Delivers what is queued, then flushes every sink.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, queue, _) in _sinks)
        {
            queue.Writer.TryComplete();
        }

        foreach (var (sink, _, pump) in _sinks)
        {
            await pump.ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await sink.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(IDefectEventSink sink, ChannelReader<StreamDefectEvent> reader)
    {
        await foreach (var defect in reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await sink.WriteAsync(defect, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A user's sink may throw anything; one failure must not stop delivery of the next events.
                SinkFailed(_logger, sink.GetType().Name, defect.Stream, e);
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Sink {Sink} failed on an event of {Stream}")]
    private static partial void SinkFailed(ILogger logger, string sink, string stream, Exception exception);
}
