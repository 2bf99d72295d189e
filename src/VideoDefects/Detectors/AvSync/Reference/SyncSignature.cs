namespace VideoDefects.Detectors.AvSync.Reference;

/// <summary>
/// A compact fingerprint of one input's picture and sound over time, for measuring audio/video sync against a
/// reference (the idea behind SMPTE ST 2064): per frame, the mean luma of a 4×4 grid over the active picture (black
/// letterbox or pillarbox bars left out), and per 10 ms of sound, its level in dB. About 2.2 KB per second of
/// 25 fps input: a source fingerprinted once (<see cref="Save"/>) serves any number of copies.
/// </summary>
/// <remarks>Record one with <see cref="SyncSignatureRecorder"/> (or in the same pass as the analysis, through
/// <see cref="AvSyncDetectorOptions.Reference"/>); compare with <see cref="ReferenceAligner"/>.</remarks>
public sealed class SyncSignature
{
    /// <summary>Cells per frame (a 4×4 grid).</summary>
    public const int Cells = 16;

    /// <summary>Audio level values per second (10 ms each).</summary>
    public const int AudioBinsPerSecond = AudioLevelMeter.HopsPerSecond;

    /// <summary>The level recorded for digital silence, dBFS.</summary>
    internal const float SilenceDb = -100;

    private static ReadOnlySpan<byte> Magic => "VDSIG\u0001"u8;

    private readonly List<double> _frameTimes = [];
    private readonly List<float> _cells = [];
    private readonly List<float> _audioDb = [];

    /// <summary>Creates an empty signature of a stream with <paramref name="frameRate"/> frames per second.</summary>
    public SyncSignature(double frameRate, bool hasAudio)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameRate);
        FrameRate = frameRate;
        HasAudio = hasAudio;
    }

    /// <summary>The stream's nominal frame rate.</summary>
    public double FrameRate { get; }

    /// <summary>Whether the input had sound.</summary>
    public bool HasAudio { get; }

    /// <summary>Frames recorded.</summary>
    public int FrameCount => _frameTimes.Count;

    /// <summary>Seconds of sound recorded.</summary>
    public double AudioSeconds => _audioDb.Count / (double)AudioBinsPerSecond;

    /// <summary>The mean audio level in dBFS (digital silence counts as −100).</summary>
    public double MeanAudioDb
    {
        get
        {
            if (_audioDb.Count == 0)
            {
                return SilenceDb;
            }

            double sum = 0;
            foreach (var db in _audioDb)
            {
                sum += db;
            }

            return sum / _audioDb.Count;
        }
    }

    internal IReadOnlyList<double> FrameTimes => _frameTimes;

    internal IReadOnlyList<float> CellValues => _cells;

    internal IReadOnlyList<float> AudioDb => _audioDb;

    internal void AddFrame(double time, ReadOnlySpan<float> cells)
    {
        _frameTimes.Add(time);
        foreach (var c in cells)
        {
            _cells.Add(c);
        }
    }

    internal void AddAudioBin(float db) => _audioDb.Add(db);

    /// <summary>Writes the signature (a small binary file; <see cref="Load"/> reads it back).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FrameRate);
        w.Write(HasAudio);
        w.Write(_frameTimes.Count);
        foreach (var t in _frameTimes)
        {
            w.Write(t);
        }

        foreach (var c in _cells)
        {
            w.Write(c);
        }

        w.Write(_audioDb.Count);
        foreach (var db in _audioDb)
        {
            w.Write(db);
        }
    }

    /// <summary>Reads a signature written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not a signature, or truncated.</exception>
    public static SyncSignature Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not a VideoDefects sync signature.");
            }

            var signature = new SyncSignature(r.ReadDouble(), r.ReadBoolean());
            var frames = CheckedCount(r, Cells * sizeof(float) + sizeof(double));
            for (var i = 0; i < frames; i++)
            {
                signature._frameTimes.Add(r.ReadDouble());
            }

            for (var i = 0; i < frames * Cells; i++)
            {
                signature._cells.Add(r.ReadSingle());
            }

            var bins = CheckedCount(r, sizeof(float));
            for (var i = 0; i < bins; i++)
            {
                signature._audioDb.Add(r.ReadSingle());
            }

            return signature;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The sync signature is truncated.", e);
        }
    }

    /// <summary>Whether the file at <paramref name="path"/> starts like a saved signature.</summary>
    public static bool IsSignatureFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> head = stackalloc byte[Magic.Length];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(Magic);
    }

    /// <summary>A count read from the file, refused when the bytes it announces are not there (a corrupt count must
    /// not become a huge allocation).</summary>
    private static int CheckedCount(BinaryReader r, int bytesEach)
    {
        var count = r.ReadInt32();
        var s = r.BaseStream;
        if (count < 0 || (s.CanSeek && (long)count * bytesEach > s.Length - s.Position))
        {
            throw new InvalidDataException("The sync signature is truncated or corrupt.");
        }

        return count;
    }
}
