using Microsoft.Extensions.Logging;

namespace VideoDefects.Hosting.Worker;

/// <summary>Structured log output of every event (source-generated <see cref="LoggerMessage"/>).</summary>
internal sealed partial class LoggerSink(ILogger<LoggerSink> logger) : IDefectEventSink
{
    public ValueTask WriteAsync(StreamDefectEvent defect, CancellationToken cancellationToken)
    {
        var e = defect.Event;
        DefectFound(logger, defect.Stream, e.Kind, e.Start, e.End, e.Confidence);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "{Stream}: {Kind} from {Start:0.000} s to {End:0.000} s (confidence {Confidence:0.00})")]
    private static partial void DefectFound(ILogger logger, string stream, Analysis.DefectKind kind, double start, double end, double confidence);
}
