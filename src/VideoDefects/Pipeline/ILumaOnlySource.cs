using VideoDefects.Frames;

namespace VideoDefects.Pipeline;

/// <summary>A source that can decode luma only (<see cref="PixelFormat.Gray8"/> frames): a third less to move per 4:2:0
/// frame. <see cref="AnalysisPipeline.Configure"/> asks for it when no analyzer needs colour.</summary>
public interface ILumaOnlySource : IMediaSource
{
    /// <summary>Deliver luma-only frames, if the caller did not choose a pixel format. Has no effect once the source is
    /// open.</summary>
    void RequestLumaOnly();
}
