namespace VideoDefects.Frames;

/// <summary>A pool of <see cref="VideoFrame"/> objects of one format, so that decoding allocates nothing per frame.</summary>
/// <remarks>Thread-safe: a decoder thread rents, the analysis thread returns (by disposing the frame).</remarks>
public sealed class VideoFramePool : IDisposable
{
    private readonly ObjectStack<VideoFrame> _free = new();

    /// <summary>Creates a pool for frames of <paramref name="format"/>.</summary>
    public VideoFramePool(VideoFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        format.Validate();
        Format = format;
    }

    /// <summary>The format of every frame of this pool.</summary>
    public VideoFormat Format { get; }

    /// <summary>Frames created so far (in use or free): a bound on the pool's memory.</summary>
    public int Created => _free.Created;

    /// <summary>Takes a free frame or creates one. Dispose it to give it back.</summary>
    public VideoFrame Rent() => _free.TryRent(this) ?? new VideoFrame(Format, this);

    internal void Return(VideoFrame frame)
    {
        if (!_free.TryReturn(frame))
        {
            frame.ReleaseBuffer();
        }
    }

    /// <summary>Releases the free frames' buffers; frames still rented release theirs when disposed.</summary>
    public void Dispose() => _free.Close(static f => f.ReleaseBuffer());
}
