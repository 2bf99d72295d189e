using System.Text;
using VideoDefects.Analysis;

namespace VideoDefects.Pipeline;

/// <summary>Everything needed to continue a stream elsewhere: each analyzer's state, the stream position and the
/// last frame's luma (for the shared frame-difference feature).</summary>
/// <param name="FramesSoFar">Frames analysed before the hand-off; the next frame gets this index.</param>
/// <param name="TimeSoFar">Seconds analysed before the hand-off; the next segment's time 0 maps here.</param>
/// <param name="SamplesSoFar">Audio sample frames analysed before the hand-off.</param>
/// <param name="PreviousLuma">Luma of the last frame analysed (tightly packed), or <see langword="null"/>.</param>
/// <param name="Analyzers">Each analyzer's state, in the pipeline's analyzer order.</param>
public sealed record PipelineCheckpoint(
    long FramesSoFar,
    double TimeSoFar,
    long SamplesSoFar,
    byte[]? PreviousLuma,
    IReadOnlyList<AnalyzerCheckpoint> Analyzers)
{
    // "VDCP" then a format version: a stored checkpoint from another build fails loudly instead of misreading.
    private const int Magic = 0x50434456;
    private const int FormatVersion = 1;

    /// <summary>Serializes the checkpoint to a compact binary form for a store (S3 object, grain state, file).</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(FramesSoFar);
            writer.Write(TimeSoFar);
            writer.Write(SamplesSoFar);
            writer.WriteArray(PreviousLuma);
            writer.Write(Analyzers.Count);
            foreach (var analyzer in Analyzers)
            {
                writer.Write(analyzer.Analyzer);
                writer.Write(analyzer.Version);
                writer.WriteArray(analyzer.State);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, another format version, or truncated.</exception>
    public static PipelineCheckpoint FromBytes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not a VideoDefects pipeline checkpoint.");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Checkpoint format {version} is not supported (expected {FormatVersion}).");
            }

            var frames = reader.ReadInt64();
            var time = reader.ReadDouble();
            var samples = reader.ReadInt64();
            var luma = reader.ReadArray<byte>();
            var count = reader.ReadInt32();
            if (count is < 0 or > 64)
            {
                throw new InvalidDataException($"Checkpoint names {count} analyzers.");
            }

            var analyzers = new AnalyzerCheckpoint[count];
            for (var i = 0; i < count; i++)
            {
                analyzers[i] = new AnalyzerCheckpoint(reader.ReadString(), reader.ReadInt32(), reader.ReadArray<byte>() ?? []);
            }

            return new PipelineCheckpoint(frames, time, samples, luma, analyzers);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Checkpoint is truncated.", e);
        }
    }
}
