namespace VideoDefects.Pipeline;

/// <summary>A source that can also deliver the container's packet timestamps (<see cref="MediaSample.Timing"/>).</summary>
public interface IPacketTimingSource : IMediaSource
{
    /// <summary>Deliver a <see cref="Analysis.PacketTiming"/> per audio and video packet. Has no effect once the source
    /// is open.</summary>
    void RequestPacketTimings();
}
