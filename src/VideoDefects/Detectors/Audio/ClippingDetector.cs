using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.Audio;

/// <summary>
/// Finds clipping, per channel: runs of at least <see cref="ClippingDetectorOptions.MinRun"/> consecutive samples at
/// full scale (<see cref="ClippingDetectorOptions.LevelDb"/>). Clips closer than
/// <see cref="ClippingDetectorOptions.MergeGap"/> make one event, with the channel, the number of clips and of
/// clipped samples in its metrics.
/// </summary>
public sealed class ClippingDetector : IFrameAnalyzer
{
    private const int StateVersion = 1;
    private readonly ClippingDetectorOptions _options;
    private ChannelClips[] _channels = [];
    private int _sampleRate = 48_000;
    private double _timeOrigin;
    private bool _hasOrigin;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    public ClippingDetector(ClippingDetectorOptions? options = null)
    {
        _options = options ?? new ClippingDetectorOptions();
        _options.Validate();
    }

    /// <summary><c>clipping</c>.</summary>
    public string Name => "clipping";

    /// <inheritdoc />
    public bool WantsAudio => true;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <inheritdoc />
    public bool HasPendingEvent => _channels.Any(c => c.Clips > 0);

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (media.Audio is { } audio)
        {
            _sampleRate = audio.SampleRate;
            _channels = new ChannelClips[audio.Channels];
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
            _channels = new ChannelClips[channels];
        }

        if (!_hasOrigin)
        {
            (_timeOrigin, _hasOrigin) = (block.StreamOrigin, true);
        }

        var level = _options.Amplitude;
        var gap = (long)(_options.MergeGap.TotalSeconds * _sampleRate);
        var samples = block.Samples;
        for (var c = 0; c < channels; c++)
        {
            ref var clips = ref _channels[c];
            for (var f = 0; f < block.FrameCount; f++)
            {
                var position = block.FirstSample + f;
                if (Math.Abs(samples[(f * channels) + c]) >= level)
                {
                    clips.Run++;
                    continue;
                }

                EndRun(ref clips, position, c, gap, events);
            }

            clips.Position = block.FirstSample + block.FrameCount;

            // An event whose last clip is more than the gap behind is over.
            if (clips.Clips > 0 && clips.Run == 0 && block.FirstSample + block.FrameCount - clips.LastEnd > gap)
            {
                Flush(ref clips, c, events);
            }
        }
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var c = 0; c < _channels.Length; c++)
        {
            ref var clips = ref _channels[c];
            EndRun(ref clips, clips.Position, c, long.MaxValue, events);
            Flush(ref clips, c, events);
        }
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_sampleRate);
        w.Write(_timeOrigin);
        w.Write(_hasOrigin);
        w.Write(_channels.Length);
        foreach (var c in _channels)
        {
            w.Write(c.Run);
            w.Write(c.Position);
            w.Write(c.First);
            w.Write(c.LastEnd);
            w.Write(c.Clips);
            w.Write(c.Samples);
        }
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _sampleRate = r.ReadInt32();
        _timeOrigin = r.ReadDouble();
        _hasOrigin = r.ReadBoolean();
        _channels = new ChannelClips[r.ReadInt32()];
        for (var c = 0; c < _channels.Length; c++)
        {
            _channels[c] = new ChannelClips { Run = r.ReadInt64(), Position = r.ReadInt64(), First = r.ReadInt64(), LastEnd = r.ReadInt64(), Clips = r.ReadInt32(), Samples = r.ReadInt64() };
        }
    });

    /// <summary>A run of full-scale samples ended at <paramref name="end"/> (exclusive): a clip when long enough,
    /// joined to the open event when within the gap, else the open event is written and a new one begins.</summary>
    private void EndRun(ref ChannelClips clips, long end, int channel, long gap, IDefectEventWriter events)
    {
        if (clips.Run >= _options.MinRun)
        {
            var first = end - clips.Run;
            if (clips.Clips > 0 && first - clips.LastEnd > gap)
            {
                Flush(ref clips, channel, events);
            }

            clips.First = clips.Clips == 0 ? first : clips.First;
            clips.LastEnd = end;
            clips.Clips++;
            clips.Samples += clips.Run;
        }

        clips.Run = 0;
    }

    private void Flush(ref ChannelClips clips, int channel, IDefectEventWriter events)
    {
        if (clips.Clips == 0)
        {
            return;
        }

        events.Write(new DefectEvent
        {
            Kind = DefectKind.Clipping,
            Start = Math.Round(_timeOrigin + ((double)clips.First / _sampleRate), 6),
            End = Math.Round(_timeOrigin + ((double)clips.LastEnd / _sampleRate), 6),
            Confidence = 0.95,
            Detector = Name,
            Scope = FormattableString.Invariant($"channel {channel}"),
            Metrics = new Dictionary<string, double>
            {
                ["channel"] = channel,
                ["clips"] = clips.Clips,
                ["clippedSamples"] = clips.Samples,
            },
        });
        (clips.Clips, clips.Samples) = (0, 0);
    }

    /// <summary>One channel's clipping: the run of full-scale samples going on, and the event being gathered.</summary>
    private struct ChannelClips
    {
        public long Run;

        /// <summary>The end of the samples seen (exclusive).</summary>
        public long Position;
        public long First;
        public long LastEnd;
        public int Clips;
        public long Samples;
    }
}
