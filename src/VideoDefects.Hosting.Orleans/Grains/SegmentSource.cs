using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.Hosting.Orleans.Grains;

/// <summary>Ends a source early: once <paramref name="done"/> holds between samples, the pipeline sees the end.
/// Lets a segment read past its end exactly as long as an event that began inside it is still open.</summary>
internal sealed class SegmentSource(IMediaSource inner, Func<bool> done) : IMediaSource
{
    /// <summary>The input itself ended (rather than the segment being complete).</summary>
    public bool InputEnded { get; private set; }

    public ValueTask<MediaInfo> OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public async ValueTask<MediaSample> ReadAsync(CancellationToken cancellationToken)
    {
        if (done())
        {
            return MediaSample.End;
        }

        var sample = await inner.ReadAsync(cancellationToken);
        InputEnded = sample.IsEnd;
        return sample;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
