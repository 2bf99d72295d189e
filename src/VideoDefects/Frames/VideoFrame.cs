namespace VideoDefects.Frames;

/// <summary>One decoded picture: tightly packed planes over a pooled buffer, with its presentation time and index.</summary>
/// <remarks>
/// Frames are rented from a <see cref="VideoFramePool"/> and go back to it on <see cref="Dispose"/>; the pipeline hands
/// the same instance to every analyzer, so analyzers must not keep it past the call (copy what they need).
/// </remarks>
public sealed class VideoFrame : IDisposable
{
    private readonly VideoFramePool? _pool;
    private byte[] _buffer;

    internal VideoFrame(VideoFormat format, VideoFramePool? pool)
    {
        Format = format;
        _pool = pool;
        // Owned, not rented from ArrayPool<byte>.Shared: frames are recycled by their pool already, and the buffers a
        // live source gave back at each reconnect stayed in the shared pool's per-thread and per-core caches. Measured
        // (30-min soak, dotnet-counters): live large-object heap 18 -> 28 MB and still creeping with the shared pool;
        // owned, 14-21 MB with no trend (reconnect garbage, collected), and exact-size buffers instead of powers of 2.
        _buffer = GC.AllocateUninitializedArray<byte>(checked((int)format.FrameBytes));
    }

    /// <summary>Creates a frame that is not pooled (tests, one-off use); <see cref="Dispose"/> lets its buffer go.</summary>
    public static VideoFrame Create(VideoFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        format.Validate();
        return new VideoFrame(format, null);
    }

    /// <summary>Geometry and pixel format.</summary>
    public VideoFormat Format { get; }

    /// <summary>Luma width in pixels.</summary>
    public int Width => Format.Width;

    /// <summary>Luma height in pixels.</summary>
    public int Height => Format.Height;

    /// <summary>Zero-based index of the frame in its stream.</summary>
    public long Index { get; set; }

    /// <summary>Presentation time in seconds; the stream's first video frame is 0.</summary>
    public double Timestamp { get; set; }

    /// <summary>Whether the decoder marked this frame as a keyframe (intra, refreshes the whole picture);
    /// <see langword="null"/> when the source does not know. Corruption ends at a keyframe.</summary>
    public bool? IsKeyFrame { get; set; }

    /// <summary>How the decoder coded this picture (I, P or B); <see cref="PictureType.Unknown"/> when the source does
    /// not know. Damage in a picture that others are predicted from (I, P) spreads to them until the next keyframe;
    /// damage in a B picture stays there.</summary>
    public PictureType PictureType { get; set; }

    /// <summary>Frames of the stream's cadence missing just before this one (their time passed with no picture
    /// decoded: lost packets, or frames the decoder could not rebuild), as far as the source can tell from the
    /// timestamps; 0 when none are or when the source does not know. A viewer sees the previous picture held
    /// instead. <see cref="Timestamp"/> already includes the gap.</summary>
    public int FramesLostBefore { get; set; }

    /// <summary>The packed bytes of all planes, to be filled by a source.</summary>
    public Span<byte> GetWritableBuffer() => _buffer.AsSpan(0, (int)Format.FrameBytes);

    /// <summary>The packed bytes of all planes.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer.AsSpan(0, (int)Format.FrameBytes);

    /// <summary>The luma plane.</summary>
    public Plane Luma => GetPlane(0);

    /// <summary>Plane <paramref name="index"/> (0 = Y, 1 = U, 2 = V).</summary>
    public Plane GetPlane(int index)
    {
        var offset = 0;
        for (var p = 0; p < index; p++)
        {
            var (pw, ph) = Format.PixelFormat.PlaneSize(p, Width, Height);
            offset += pw * ph;
        }

        var (w, h) = Format.PixelFormat.PlaneSize(index, Width, Height);
        return new Plane(_buffer.AsSpan(offset, w * h), w, h, w);
    }

    /// <summary>Copies pixels, index, timestamp and what the decoder said of the picture from <paramref name="other"/> (same format).</summary>
    public void CopyFrom(VideoFrame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Format != Format)
        {
            throw new ArgumentException("Frame formats differ.", nameof(other));
        }

        other.Buffer.CopyTo(GetWritableBuffer());
        Index = other.Index;
        Timestamp = other.Timestamp;
        IsKeyFrame = other.IsKeyFrame;
        PictureType = other.PictureType;
        FramesLostBefore = other.FramesLostBefore;
    }

    /// <summary>Returns the frame to its pool (a frame of none lets its buffer go).</summary>
    public void Dispose()
    {
        if (_pool is not null)
        {
            _pool.Return(this);
            return;
        }

        ReleaseBuffer();
    }

    internal void ReleaseBuffer()
    {
        _buffer = [];
    }
}
