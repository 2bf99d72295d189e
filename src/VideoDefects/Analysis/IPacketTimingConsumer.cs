namespace VideoDefects.Analysis;

/// <summary>Implemented by analyzers that use the container's packet timestamps (the pipeline forwards them when the
/// source can deliver them, see <see cref="Pipeline.IPacketTimingSource"/>).</summary>
public interface IPacketTimingConsumer
{
    /// <summary>Receives one packet's timing, in the order the source read them (not interleaved with frames exactly).</summary>
    void OnPacketTiming(PacketTiming timing, IDefectEventWriter events);
}
