using VideoDefects.Analysis;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.Audio;

/// <summary>
/// Finds silence as FFmpeg's <c>silencedetect</c> does — every sample of every channel below
/// <see cref="SilenceDetectorOptions.NoiseDb"/> for at least <see cref="SilenceDetectorOptions.MinDuration"/> — and,
/// beyond it, a channel that stays silent while another plays (metric <c>channel</c>, counted from 0), which a
/// down-mix would hide. Such a dead-channel event starts where another channel starts playing; before that, all were
/// silent, which is the programme's silence.
/// </summary>
/// <remarks>Times are the samples' own (sample-exact from the stream's first sample). Live: an event is announced
/// (<see cref="IDefectEventWriter.Started"/>) once the silence is long enough and written when sound returns.</remarks>
public sealed class SilenceDetector : IFrameAnalyzer
{
    private const int StateVersion = 1;
    private readonly SilenceDetectorOptions _options;
    private SilentRun _programme;
    private SilentRun[] _channels = [];
    private bool[] _checked = [];
    private int _sampleRate = 48_000;
    private long _samplesSeen;
    private double _timeOrigin;
    private bool _hasOrigin;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    public SilenceDetector(SilenceDetectorOptions? options = null)
    {
        _options = options ?? new SilenceDetectorOptions();
        _options.Validate();
    }

    /// <summary><c>silence</c>.</summary>
    public string Name => "silence";

    /// <inheritdoc />
    public bool WantsAudio => true;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <inheritdoc />
    public bool HasPendingEvent => _programme.Length > 0 || _channels.Any(c => c.Length > 0);

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (media.Audio is { } audio)
        {
            _sampleRate = audio.SampleRate;
            Channels(audio.Channels);
        }
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(events);
        var channels = block.Format.Channels;
        if (channels != _channels.Length)
        {
            Channels(channels);
        }

        if (!_hasOrigin)
        {
            (_timeOrigin, _hasOrigin) = (block.StreamOrigin, true);
        }

        var noise = _options.NoiseAmplitude;
        var minSamples = (long)Math.Ceiling(_options.MinDuration.TotalSeconds * _sampleRate);
        var perChannel = _options.PerChannel && channels > 1;
        var samples = block.Samples;
        for (var f = 0; f < block.FrameCount; f++)
        {
            var position = block.FirstSample + f;
            var loud = 0;
            var frame = samples.Slice(f * channels, channels);
            for (var c = 0; c < channels; c++)
            {
                var silent = Math.Abs(frame[c]) < noise;
                loud += silent ? 0 : 1;
                if (perChannel && _checked[c])
                {
                    Step(ref _channels[c], silent, position, minSamples, c, events);
                }
            }

            if (perChannel && loud > 0)
            {
                // Another channel plays while these are silent: from here on they are dead channels, not silence (what
                // came before, all channels quiet, is the programme's silence).
                for (var c = 0; c < channels; c++)
                {
                    ref var run = ref _channels[c];
                    if (run.Length > 0 && !run.OthersPlayed)
                    {
                        (run.First, run.Length, run.OthersPlayed) = (position, 1, true);
                    }
                }
            }

            Step(ref _programme, loud == 0, position, minSamples, channel: null, events);
        }

        _samplesSeen = Math.Max(_samplesSeen, block.FirstSample + block.FrameCount);
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var minSamples = (long)Math.Ceiling(_options.MinDuration.TotalSeconds * _sampleRate);
        for (var c = 0; c < _channels.Length; c++)
        {
            Step(ref _channels[c], silent: false, _samplesSeen, minSamples, c, events);
        }

        Step(ref _programme, silent: false, _samplesSeen, minSamples, channel: null, events);
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_sampleRate);
        w.Write(_samplesSeen);
        w.Write(_timeOrigin);
        w.Write(_hasOrigin);
        _programme.Write(w);
        w.Write(_channels.Length);
        foreach (var c in _channels)
        {
            c.Write(w);
        }
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _sampleRate = r.ReadInt32();
        _samplesSeen = r.ReadInt64();
        _timeOrigin = r.ReadDouble();
        _hasOrigin = r.ReadBoolean();
        _programme = SilentRun.Read(r);
        Channels(r.ReadInt32());
        for (var c = 0; c < _channels.Length; c++)
        {
            _channels[c] = SilentRun.Read(r);
        }
    });

    /// <summary>Sets up the per-channel runs; the LFE (weight 0 in BS.1770's layout for the count) is not checked when
    /// <see cref="SilenceDetectorOptions.IgnoreLfe"/>.</summary>
    private void Channels(int count)
    {
        _channels = _channels.Length == count ? _channels : new SilentRun[count];
        var weights = LoudnessMeter.DefaultWeights(count);
        _checked = [.. weights.Select(w => w > 0 || !_options.IgnoreLfe)];
    }

    /// <summary>Advances one run by one sample frame at <paramref name="position"/>; writes the event when a long
    /// enough run ends, announces it when it becomes long enough.</summary>
    private void Step(ref SilentRun run, bool silent, long position, long minSamples, int? channel, IDefectEventWriter events)
    {
        if (silent)
        {
            if (run.Length == 0)
            {
                run = new SilentRun { First = position };
            }

            run.Length = position - run.First + 1;
            if (!run.Announced && run.Length >= minSamples && (channel is null || run.OthersPlayed))
            {
                run.Announced = true;
                events.Started(MakeEvent(run, position + 1, channel));
            }

            return;
        }

        if (run.Length >= minSamples && (channel is null || run.OthersPlayed))
        {
            events.Write(MakeEvent(run, position, channel));
        }

        run = default;
    }

    private DefectEvent MakeEvent(SilentRun run, long endSample, int? channel)
    {
        var metrics = new Dictionary<string, double> { ["noiseDb"] = _options.NoiseDb };
        if (channel is { } c)
        {
            metrics["channel"] = c;
        }

        return new DefectEvent
        {
            Kind = DefectKind.Silence,
            Start = Math.Round(_timeOrigin + ((double)run.First / _sampleRate), 6),
            End = Math.Round(_timeOrigin + ((double)endSample / _sampleRate), 6),
            Confidence = 0.99,
            Detector = Name,
            Scope = channel is { } ch ? FormattableString.Invariant($"channel {ch}") : null,
            Metrics = metrics,
        };
    }

    /// <summary>A run of silent samples (of the programme or one channel).</summary>
    private struct SilentRun
    {
        public long First;
        public long Length;
        public bool Announced;

        /// <summary>Some other channel played during the run (per-channel runs only).</summary>
        public bool OthersPlayed;

        public readonly void Write(BinaryWriter w)
        {
            w.Write(First);
            w.Write(Length);
            w.Write(Announced);
            w.Write(OthersPlayed);
        }

        public static SilentRun Read(BinaryReader r) => new() { First = r.ReadInt64(), Length = r.ReadInt64(), Announced = r.ReadBoolean(), OthersPlayed = r.ReadBoolean() };
    }
}
