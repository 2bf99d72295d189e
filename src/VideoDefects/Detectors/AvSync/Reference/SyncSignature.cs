namespace VideoDefects.Detectors.AvSync.Reference;

/// <summary>
/// A compact fingerprint of one input's picture and sound over time, for measuring audio/video sync against a
/// reference (the idea behind SMPTE ST 2064): per frame, the mean luma of a 4×4 grid over the active picture (black
/// letterbox or pillarbox bars left out), and per 10 ms of sound, its level in dB. About 2.2 KB per second of
/// 25 fps input: a source fingerprinted once (<see cref="Save"/>) serves any number of copies.
/// </summary>
/// <remarks>A reference may be fingerprinted in samples (<see cref="SyncSignatureRecorder.ContinueAt"/>): the stretches
/// between them are stored as not recorded (NaN), and the comparison leaves them out.
/// Record one with <see cref="SyncSignatureRecorder"/> (or in the same pass as the analysis, through
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
    private long _firstAudioBin;

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

    /// <summary>The mean audio level in dBFS of the sound recorded (digital silence counts as −100).</summary>
    public double MeanAudioDb
    {
        get
        {
            double sum = 0;
            var count = 0;
            foreach (var db in _audioDb)
            {
                if (!float.IsNaN(db))
                {
                    sum += db;
                    count++;
                }
            }

            return count == 0 ? SilenceDb : sum / count;
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

    /// <summary>Audio bins dropped from the front by <see cref="DropBefore"/>: <see cref="AudioDb"/>[i] is the level of
    /// bin <c>FirstAudioBin + i</c> of the stream's clock.</summary>
    internal long FirstAudioBin
    {
        get => _firstAudioBin;
        set => _firstAudioBin = value;
    }

    /// <summary>How far the stream has been recorded (seconds on its clock): picture and, if any, sound.</summary>
    internal double RecordedUntil
    {
        get
        {
            var video = _frameTimes.Count == 0 ? 0 : _frameTimes[^1] + (1 / FrameRate);
            return HasAudio ? Math.Min(video, (_firstAudioBin + _audioDb.Count) / (double)AudioBinsPerSecond) : video;
        }
    }

    /// <summary>Forgets everything before <paramref name="time"/> (seconds): a live stream's signature stays bounded.</summary>
    internal void DropBefore(double time)
    {
        var frames = 0;
        while (frames < _frameTimes.Count && _frameTimes[frames] < time)
        {
            frames++;
        }

        _frameTimes.RemoveRange(0, frames);
        _cells.RemoveRange(0, frames * Cells);
        var bins = (int)Math.Clamp((long)Math.Floor(time * AudioBinsPerSecond) - _firstAudioBin, 0, _audioDb.Count);
        _audioDb.RemoveRange(0, bins);
        _firstAudioBin += bins;
    }

    /// <summary>The part of this signature from <paramref name="from"/> to <paramref name="to"/> (seconds), moved to start
    /// at 0 — picture and sound by the same amount, so the delays measured between two excerpts cut at the same
    /// <paramref name="from"/> are those between the streams.</summary>
    internal SyncSignature Excerpt(double from, double to)
    {
        var excerpt = new SyncSignature(FrameRate, HasAudio);
        for (var i = 0; i < _frameTimes.Count; i++)
        {
            if (_frameTimes[i] >= from && _frameTimes[i] < to)
            {
                excerpt._frameTimes.Add(_frameTimes[i] - from);
                for (var c = 0; c < Cells; c++)
                {
                    excerpt._cells.Add(_cells[(i * Cells) + c]);
                }
            }
        }

        // Sound not (or no longer) recorded at the excerpt's start counts as silence, so bin 0 stays at `from`.
        var end = Math.Min(_audioDb.Count, (long)Math.Round(to * AudioBinsPerSecond) - _firstAudioBin);
        for (var i = (long)Math.Round(from * AudioBinsPerSecond) - _firstAudioBin; i < end; i++)
        {
            excerpt._audioDb.Add(i < 0 ? SilenceDb : _audioDb[(int)i]);
        }

        return excerpt;
    }

    /// <summary>A signature with the picture of <paramref name="picture"/> and the sound of <paramref name="sound"/>:
    /// two recordings of the same input made apart — e.g. the picture in samples, the sound whole (seeking places
    /// the picture exactly, but not always the sound: codecs differ in where their sound resumes).</summary>
    public static SyncSignature Combine(SyncSignature picture, SyncSignature sound)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(sound);
        var combined = new SyncSignature(picture.FrameRate, sound.HasAudio) { _firstAudioBin = sound._firstAudioBin };
        combined._frameTimes.AddRange(picture._frameTimes);
        combined._cells.AddRange(picture._cells);
        combined._audioDb.AddRange(sound._audioDb);
        return combined;
    }

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
