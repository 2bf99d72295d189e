using System.Text;
using Microsoft.Extensions.Options;

namespace VideoDefects.Hosting.Worker;

/// <summary>Appends each event as one JSON line to <see cref="EventLogOptions.Path"/> and flushes it, so a reader
/// (or a crash) never sees half an event.</summary>
internal sealed class JsonLinesFileSink(IOptions<VideoDefectMonitoringOptions> options) : IDefectEventSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _file;

    public async ValueTask WriteAsync(StreamDefectEvent defect, CancellationToken cancellationToken)
    {
        var path = options.Value.EventLog.Path;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var line = Encoding.UTF8.GetBytes(EventLine.Serialize(defect) + "\n");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _file ??= new FileStream(Path.GetFullPath(path), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await _file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _gate.Dispose();
    }
}
