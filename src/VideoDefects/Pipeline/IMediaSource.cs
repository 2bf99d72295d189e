using VideoDefects.Frames;

namespace VideoDefects.Pipeline;

/// <summary>Something that decodes an input into frames and audio blocks: FFmpeg, a Y4M file, or your own frames.</summary>
/// <remarks>Samples come in stream order per kind; video and audio may interleave loosely. The pipeline disposes
/// each sample after use, which hands pooled buffers back to the source.</remarks>
public interface IMediaSource : IAsyncDisposable
{
    /// <summary>Opens the input and tells what it holds. Called once, before <see cref="ReadAsync"/>.</summary>
    ValueTask<MediaInfo> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The next sample, or <see cref="MediaSample.End"/> when the input is exhausted.</summary>
    ValueTask<MediaSample> ReadAsync(CancellationToken cancellationToken);
}
