namespace VideoDefects.Hosting.Worker;

/// <summary>Where monitored events go: implement it for a queue or a database and register it with
/// <c>services.AddSingleton&lt;IDefectEventSink, YourSink&gt;()</c>. Each sink is fed from its own queue, so a slow
/// sink never holds up analysis or the other sinks.</summary>
public interface IDefectEventSink
{
    /// <summary>Handles one event. Exceptions are logged and the event is dropped for this sink.</summary>
    ValueTask WriteAsync(StreamDefectEvent defect, CancellationToken cancellationToken);

    /// <summary>Called on shutdown after the last event, to flush buffers.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
