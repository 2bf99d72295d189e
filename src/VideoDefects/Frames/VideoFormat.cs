namespace VideoDefects.Frames;

/// <summary>The picture geometry and nominal rate of a video stream.</summary>
/// <param name="Width">Luma width in pixels.</param>
/// <param name="Height">Luma height in pixels.</param>
/// <param name="PixelFormat">How the planes are laid out.</param>
/// <param name="FrameRate">Nominal frames per second (the stream's average rate).</param>
public sealed record VideoFormat(int Width, int Height, PixelFormat PixelFormat, double FrameRate)
{
    /// <summary>Bytes of one tightly packed frame in this format.</summary>
    public long FrameBytes => PixelFormat.PackedFrameBytes(Width, Height);

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry and rate are usable.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0)
        {
            throw new ArgumentException($"Frame size {Width}x{Height} is not valid.");
        }

        if (!(FrameRate > 0) || double.IsInfinity(FrameRate))
        {
            throw new ArgumentException($"Frame rate {FrameRate} is not valid.");
        }
    }
}

/// <summary>The layout of decoded audio: interleaved 32-bit float samples.</summary>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">Interleaved channels in each <see cref="AudioBlock"/>.</param>
public sealed record AudioFormat(int SampleRate, int Channels);

/// <summary>What a source delivers: its video format, its audio format if it has audio, and what is known of it.</summary>
/// <param name="Source">The input as given, with credentials redacted.</param>
/// <param name="Video">The decoded video format.</param>
/// <param name="Audio">The decoded audio format, or <see langword="null"/> when the input has no audio (or it is not decoded).</param>
/// <param name="Duration">The container's duration when known (files), else <see langword="null"/> (live inputs).</param>
/// <param name="SourceAudioChannels">Channels of the audio stream in the input (before any down-mix), when known.</param>
/// <param name="SourcePixelFormat">The input's own pixel format by FFmpeg's name (e.g. <c>yuv420p10le</c>), when known;
/// reports show it rather than the analysed format, which may be luma only.</param>
public sealed record MediaInfo(string Source, VideoFormat Video, AudioFormat? Audio, TimeSpan? Duration = null, int? SourceAudioChannels = null, string? SourcePixelFormat = null)
{
    /// <summary>The pixel format reports name: the input's own when known, else the decoded one.</summary>
    public string PixelFormatName => SourcePixelFormat ?? Video.PixelFormat.FFmpegName();
}
