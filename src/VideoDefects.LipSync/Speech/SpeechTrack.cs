using VideoDefects.Analysis;

namespace VideoDefects.LipSync.Speech;

/// <summary>The sound as the lip-sync correlation reads it, every 10 ms: a speech envelope (log energy of the
/// pre-emphasised 16 kHz signal over 20 ms) and the speech probability of the 32 ms it falls in.</summary>
internal sealed class SpeechTrack(SpeechDetector detector)
{
    /// <summary>Envelope and probability values per second.</summary>
    public const int Rate = 100;
    private const int Hop = Resampler.OutputRate / Rate;

    private readonly SpeechDetector _detector = detector;
    private readonly float[] _chunk = new float[SpeechDetector.Chunk];
    private readonly float[] _energy = new float[2 * Hop];
    private Resampler? _resampler;
    private float[] _resampled = [];
    private int _chunkFill;
    private int _energyFill;
    private float _lastSample;
    private float _probability;
    private double _origin = double.NaN;

    /// <summary>Seconds (video clock) of value 0.</summary>
    public double Origin => _origin;

    /// <summary>The envelope, one value per 10 ms from <see cref="Origin"/>.</summary>
    public SampleSeries<float> Envelope { get; } = new();

    /// <summary>The speech probability, one value per 10 ms from <see cref="Origin"/>.</summary>
    public SampleSeries<float> Speech { get; } = new();

    /// <summary>Seconds of sound measured so far (video clock): the time of the last value.</summary>
    public double End => Envelope.End == 0 ? double.NegativeInfinity : TimeOf(Envelope.End - 1);

    /// <summary>The time (video clock) value <paramref name="index"/> describes: the middle of its 20 ms.</summary>
    public double TimeOf(long index) => _origin + ((index + 1.0) / Rate);

    /// <summary>Drops the values that describe times before <paramref name="time"/> (video clock).</summary>
    public void ForgetBefore(double time)
    {
        var index = (long)Math.Floor(((time - _origin) * Rate) - 1);
        Envelope.DropBefore(index);
        Speech.DropBefore(index);
    }

    /// <summary>Forgets what was heard (a new stream).</summary>
    public void Reset()
    {
        _detector.Reset();
        _resampler = null;
        (_chunkFill, _energyFill, _lastSample, _probability, _origin) = (0, 0, 0, 0, double.NaN);
        Envelope.Clear();
        Speech.Clear();
    }

    /// <summary>Writes everything needed to go on exactly where it stands.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(_origin);
        writer.Write(_resampler is not null);
        _resampler?.Save(writer);
        writer.WriteArray(_chunk);
        writer.Write(_chunkFill);
        writer.WriteArray(_energy);
        writer.Write(_energyFill);
        writer.Write(_lastSample);
        writer.Write(_probability);
        Envelope.Save(writer);
        Speech.Save(writer);
        writer.WriteArray(_detector.State);
        writer.WriteArray(_detector.ContextSamples.ToArray());
    }

    /// <summary>Goes on from what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader reader)
    {
        _origin = reader.ReadDouble();
        _resampler = reader.ReadBoolean() ? Resampler.Load(reader) : null;
        Fill(reader, _chunk);
        _chunkFill = reader.ReadInt32();
        Fill(reader, _energy);
        _energyFill = reader.ReadInt32();
        _lastSample = reader.ReadSingle();
        _probability = reader.ReadSingle();
        Envelope.Load(reader);
        Speech.Load(reader);
        Fill(reader, _detector.State);
        Fill(reader, _detector.ContextSamples);
    }

    private static void Fill(BinaryReader reader, Span<float> destination)
    {
        var values = reader.ReadArray<float>();
        if (values is null || values.Length != destination.Length)
        {
            throw new InvalidDataException("Lip-sync checkpoint: a buffer of the wrong size.");
        }

        values.CopyTo(destination);
    }

    /// <summary>Adds mono samples at <paramref name="sampleRate"/> starting at <paramref name="startTime"/> (the first
    /// block sets the origin; later ones are taken as contiguous, as the sources deliver them).</summary>
    public void Add(ReadOnlySpan<float> mono, int sampleRate, double startTime)
    {
        if (double.IsNaN(_origin))
        {
            _origin = startTime;
            _resampler = new Resampler(sampleRate);
        }

        var n = _resampler!.Process(mono, ref _resampled);
        foreach (var sample in _resampled.AsSpan(0, n))
        {
            _chunk[_chunkFill++] = sample;
            if (_chunkFill == _chunk.Length)
            {
                _probability = _detector.Probability(_chunk);
                _chunkFill = 0;
            }

            // Pre-emphasis: speech's energy is in its formants and consonants, not the bass of music or hum.
            var emphasised = sample - (0.95f * _lastSample);
            _lastSample = sample;
            _energy[(_energyFill++) % _energy.Length] = emphasised * emphasised;
            if (_energyFill % Hop == 0 && _energyFill >= _energy.Length)
            {
                var sum = 0f;
                foreach (var e in _energy)
                {
                    sum += e;
                }

                Envelope.Add(MathF.Log10((sum / _energy.Length) + 1e-9f));
                Speech.Add(_probability);
            }
        }
    }
}
