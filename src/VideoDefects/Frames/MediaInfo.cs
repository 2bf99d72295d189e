namespace VideoDefects.Frames;

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
