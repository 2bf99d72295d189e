using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Reports;

namespace VideoDefects.Pipeline;

/// <summary>
/// Runs any number of analyzers over one stream: each frame is decoded once and the <em>same</em> buffer is handed to
/// every analyzer (no copies), with per-frame features shared through <see cref="FrameFeatures"/>. Builds the
/// <see cref="AnalysisReport"/> and can checkpoint the whole stream's state.
/// </summary>
/// <remarks>Use <see cref="RunAsync"/> with an <see cref="IMediaSource"/>, or push frames yourself with
/// <see cref="Start(MediaInfo)"/>, <see cref="ProcessVideo"/>, <see cref="ProcessAudio"/> and <see cref="Complete"/>.
/// One pipeline per stream; not thread-safe.</remarks>
public sealed class AnalysisPipeline : IDisposable
{
    private readonly IFrameAnalyzer[] _analyzers;
    private readonly PipelineOptions _options;
    private readonly EventCollector _events;
    private readonly FrameFeatures _features = new();
    private MediaInfo? _media;
    private VideoFrame? _previous;
    private long _baseFrames;
    private double _baseTime;
    private long _baseSamples;
    private long _frames;
    private double _endTime;
    private long _startTicks;
    private long _samplesEnd;
    private double? _audioOrigin;
    private double _audioEnd;
    private bool _disposed;

    /// <summary>Creates a pipeline over <paramref name="analyzers"/>.</summary>
    public AnalysisPipeline(IEnumerable<IFrameAnalyzer> analyzers, PipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        _analyzers = [.. analyzers];
        if (_analyzers.Length == 0)
        {
            throw new ArgumentException("At least one analyzer is needed.", nameof(analyzers));
        }

        if (_analyzers.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != _analyzers.Length)
        {
            throw new ArgumentException("Analyzer names must be distinct.", nameof(analyzers));
        }

        _options = options ?? new PipelineOptions();
        _events = new EventCollector(_options.LiveEvents, _options.RetainEvents);
    }

    /// <summary>The analyzers, in the order they see each frame.</summary>
    public IReadOnlyList<IFrameAnalyzer> Analyzers => _analyzers;

    /// <summary>Frames analysed so far (including those before a restored checkpoint).</summary>
    public long FramesAnalysed => _baseFrames + _frames;

    /// <summary>Events reported so far (none kept when <see cref="PipelineOptions.RetainEvents"/> is false).</summary>
    public IReadOnlyList<DefectEvent> Events => _events.Events;

    /// <summary>Opens <paramref name="source"/>, analyses it to the end and returns the report.</summary>
    /// <exception cref="OperationCanceledException">Cancelled, unless <see cref="PipelineOptions.PartialReportOnCancellation"/>.</exception>
    public async Task<AnalysisReport> RunAsync(IMediaSource source, CancellationToken cancellationToken = default)
    {
        try
        {
            await ProcessAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_options.PartialReportOnCancellation && cancellationToken.IsCancellationRequested)
        {
            return Complete(partial: true);
        }

        return Complete();
    }

    /// <summary>Opens <paramref name="source"/> (starting the pipeline if needed) and analyses it to its end
    /// <em>without</em> completing: a host can then <see cref="SaveCheckpoint"/> and continue the stream from another
    /// source (a reconnect, the next segment), or call <see cref="Complete"/>.</summary>
    public async Task ProcessAsync(IMediaSource source, CancellationToken cancellationToken = default)
    {
        Configure(source);
        var media = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_media is null)
        {
            Start(media);
        }
        else if (media.Video.Width != _media.Video.Width || media.Video.Height != _media.Video.Height)
        {
            throw new Errors.UnsupportedFormatException(media.Source, $"is {media.Video.Width}x{media.Video.Height}; the stream so far was {_media.Video.Width}x{_media.Video.Height}.");
        }

        while (true)
        {
            var sample = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (sample.IsEnd)
            {
                return;
            }

            if (sample.Video is { } frame)
            {
                ProcessVideo(frame);
            }
            else if (sample.Note is { } note)
            {
                ProcessNote(note);
            }
            else if (sample.Timing is { } timing)
            {
                ProcessTiming(timing);
            }
            else if (sample.Audio is { } block)
            {
                try
                {
                    ProcessAudio(block);
                }
                finally
                {
                    block.Dispose();
                }
            }
        }
    }

    /// <summary>Prepares every analyzer for a stream of <paramref name="media"/>.</summary>
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        media.Video.Validate();
        if (_media is not null)
        {
            throw new InvalidOperationException("The pipeline has already started; use one pipeline per stream.");
        }

        _media = media;
        _startTicks = _options.TimeProvider.GetTimestamp();
        foreach (var analyzer in _analyzers)
        {
            analyzer.Start(media);
        }
    }

    /// <summary>Starts a pipeline for a piece of a longer input that begins at <paramref name="firstFrame"/>, second
    /// <paramref name="startTime"/> of the whole: frames and events are numbered and timed as in the whole input, so
    /// pieces analysed apart (VOD fan-out) stitch together by frame number.</summary>
    public void Start(MediaInfo media, long firstFrame, double startTime)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        ArgumentOutOfRangeException.ThrowIfNegative(startTime);
        Start(media);
        _baseFrames = firstFrame;
        _baseTime = startTime;
        _endTime = startTime;
        _baseSamples = media.Audio is { } audio ? (long)Math.Round(startTime * audio.SampleRate) : 0;
    }

    /// <summary>Whether any analyzer reads the colour planes (see <see cref="IFrameAnalyzer.NeedsChroma"/>).</summary>
    public bool NeedsChroma => _analyzers.Any(a => a.NeedsChroma);

    /// <summary>Tells <paramref name="source"/> what the analyzers need before it opens: luma only when none needs
    /// colour (<see cref="ILumaOnlySource"/>). <see cref="ProcessAsync"/> does this; call it yourself when you open the
    /// source before handing it over.</summary>
    public void Configure(IMediaSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is ILumaOnlySource lumaOnly && !NeedsChroma)
        {
            lumaOnly.RequestLumaOnly();
        }

        if (source is IPacketTimingSource timings && _analyzers.Any(a => a is IPacketTimingConsumer))
        {
            timings.RequestPacketTimings();
        }
    }

    /// <summary>Whether any analyzer may still write an event that began at or before the last frame (see
    /// <see cref="IFrameAnalyzer.HasPendingEvent"/>).</summary>
    public bool HasPendingEvent => _analyzers.Any(a => a.HasPendingEvent);

    /// <summary>Analyses one frame with every analyzer. The pipeline takes ownership of <paramref name="frame"/>
    /// and disposes it once the next frame no longer needs it as "previous".</summary>
    /// <remarks>The frame's <see cref="VideoFrame.Index"/> and <see cref="VideoFrame.Timestamp"/> are taken as
    /// relative to this segment and shifted by a restored checkpoint's position. Timestamps that do not increase are
    /// repaired (counted in <see cref="TimestampsRepaired"/>), so detectors always see time moving forward.</remarks>
    public void ProcessVideo(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_disposed)
        {
            frame.Dispose();
            throw new ObjectDisposedException(nameof(AnalysisPipeline));
        }

        var media = _media ?? throw new InvalidOperationException("Call Start first.");
        if (frame.Width != media.Video.Width || frame.Height != media.Video.Height || frame.Format.PixelFormat != media.Video.PixelFormat)
        {
            frame.Dispose();
            throw new Errors.UnsupportedFormatException(media.Source, $"frame {FramesAnalysed} is {frame.Width}x{frame.Height} {frame.Format.PixelFormat}; the stream started as {media.Video.Width}x{media.Video.Height} {media.Video.PixelFormat} (size changes mid-stream are not supported).");
        }

        frame.Index = _baseFrames + _frames;
        frame.Timestamp = MonotonicTime(frame.Timestamp + _baseTime, media.Video.FrameRate);
        _features.MoveTo(frame, _previous);
        foreach (var analyzer in _analyzers)
        {
            analyzer.OnVideoFrame(frame, _features, _events);
        }

        _previous?.Dispose();
        _previous = frame;
        _frames++;
        _endTime = Math.Max(_endTime, frame.Timestamp + (1.0 / media.Video.FrameRate));
        if (_options.Progress is { } progress && _frames % 25 == 0)
        {
            progress(FramesAnalysed, _endTime);
        }
    }

    /// <summary>Time only moves forward for the analyzers: a timestamp that is not a number, or not after the previous
    /// frame's (broken or wrapped timestamps, duplicates), becomes the previous one plus a frame; gaps are kept.</summary>
    private double MonotonicTime(double time, double frameRate)
    {
        var previous = _previous?.Timestamp;
        if (previous is { } p && !(time > p))
        {
            TimestampsRepaired++;
            return p + (1.0 / frameRate);
        }

        if (!double.IsFinite(time) || time < _baseTime)
        {
            TimestampsRepaired++;
            return previous is { } q ? q + (1.0 / frameRate) : _baseTime;
        }

        return time;
    }

    /// <summary>Frames whose timestamp was not after the previous frame's and was replaced (see the remarks of
    /// <see cref="ProcessVideo"/>).</summary>
    public long TimestampsRepaired { get; private set; }

    /// <summary>Hands one audio block to the analyzers that want audio. The caller keeps ownership.</summary>
    public void ProcessAudio(AudioBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _ = _media ?? throw new InvalidOperationException("Call Start first.");
        block.StartTime += _baseTime;
        block.FirstSample += _baseSamples;

        // Every audio analyzer times sound by one sample clock (from the first block's origin) that only moves forward:
        // sound the source has delivered already (its sample count stepped back) or that would be heard before the
        // clock's zero is cut, not analysed twice or reported at negative times.
        var origin = _audioOrigin ??= block.StreamOrigin;
        var rate = block.Format.SampleRate;
        var firstNew = Math.Max(_samplesEnd, (long)Math.Ceiling((-origin * rate) - 0.5));
        if (block.FirstSample < firstNew && !CutFront(block, firstNew - block.FirstSample))
        {
            return;
        }

        foreach (var analyzer in _analyzers)
        {
            if (analyzer.WantsAudio)
            {
                analyzer.OnAudio(block, _events);
            }
        }

        _samplesEnd = Math.Max(_samplesEnd, block.FirstSample + block.FrameCount);
        _audioEnd = Math.Max(_audioEnd, origin + ((double)_samplesEnd / rate));
    }

    /// <summary>Drops the first <paramref name="frames"/> sample frames of <paramref name="block"/>; false when none are
    /// left.</summary>
    private static bool CutFront(AudioBlock block, long frames)
    {
        if (frames >= block.FrameCount)
        {
            return false;
        }

        var cut = (int)frames;
        var channels = block.Format.Channels;
        var samples = block.GetWritableBuffer();
        samples[(cut * channels)..(block.FrameCount * channels)].CopyTo(samples);
        block.FrameCount -= cut;
        block.FirstSample += cut;
        block.StartTime += (double)cut / block.Format.SampleRate;
        return true;
    }

    /// <summary>Hands a decoder message to the analyzers that use them.</summary>
    public void ProcessNote(DecoderNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        _ = _media ?? throw new InvalidOperationException("Call Start first.");
        note = note with { NearFrame = note.NearFrame + _baseFrames };
        foreach (var analyzer in _analyzers)
        {
            (analyzer as IDecoderNoteConsumer)?.OnDecoderNote(note, _events);
        }
    }

    /// <summary>Hands a packet's container timing to the analyzers that use them.</summary>
    public void ProcessTiming(PacketTiming timing)
    {
        _ = _media ?? throw new InvalidOperationException("Call Start first.");
        foreach (var analyzer in _analyzers)
        {
            (analyzer as IPacketTimingConsumer)?.OnPacketTiming(timing, _events);
        }
    }

    /// <summary>Ends the stream: analyzers flush open events, and the report is built.</summary>
    /// <param name="partial">Mark the report as partial (the input was not analysed to its end).</param>
    public AnalysisReport Complete(bool partial = false)
    {
        _ = _media ?? throw new InvalidOperationException("Call Start first.");
        foreach (var analyzer in _analyzers)
        {
            analyzer.Complete(_events);
        }

        _previous?.Dispose();
        _previous = null;
        return GetReport(partial);
    }

    /// <summary>The report so far <em>without</em> ending the stream: events that have ended are listed; an event
    /// still open (a freeze running past the end of this segment) stays in the analyzers' state and is reported once
    /// it ends — in this pipeline or, after <see cref="SaveCheckpoint"/>, in the one that continues the stream.</summary>
    /// <param name="partial">Mark the report as partial (the input was not analysed to its end).</param>
    public AnalysisReport GetReport(bool partial = false)
    {
        var media = _media ?? throw new InvalidOperationException("Call Start first.");
        var wall = _options.TimeProvider.GetElapsedTime(_startTicks).TotalSeconds;
        AvSyncReport? avSync = null;
        if (media.Audio is not null)
        {
            avSync = AvSyncEstimates.Choose(_analyzers.OfType<IAvSyncEstimator>().Select(a => a.GetAvSync()))
                ?? new AvSyncReport { AudioDelayMs = null, Confidence = 0, Method = "none" };
        }

        var events = _events.Events.OrderBy(e => e.Start).ThenBy(e => e.Kind).ToArray();
        return new AnalysisReport
        {
            Source = media.Source,
            DurationSeconds = Math.Round(Math.Max(0, Math.Max(_endTime, _audioEnd)), 6),
            Video = new VideoReport(media.Video.Width, media.Video.Height, media.Video.FrameRate, FramesAnalysed, media.PixelFormatName),
            Audio = media.Audio is { } audio ? new AudioReport(audio.SampleRate, media.SourceAudioChannels ?? audio.Channels) : null,
            Events = events,
            AvSync = avSync,
            Loudness = media.Audio is null ? null : _analyzers.OfType<ILoudnessReporter>().Select(a => a.GetLoudness()).FirstOrDefault(r => r is not null),
            Performance = new PerformanceReport(Math.Round(wall, 3), wall > 0 ? Math.Round(_frames / wall, 1) : 0),
            Partial = partial,
        };
    }

    /// <summary>Gives the frame the pipeline keeps to compare the next one with back to its pool. <see cref="Complete"/>
    /// does it; dispose a pipeline that ends otherwise — checkpointed (a live host's reconnect, a segment) or abandoned
    /// — so that a pooled frame is reused instead of left to the garbage collector. It analyses nothing after that.</summary>
    public void Dispose()
    {
        _disposed = true;
        _previous?.Dispose();
        _previous = null;
    }

    /// <summary>Saves the stream's state (call between frames, instead of <see cref="Complete"/>).</summary>
    public PipelineCheckpoint SaveCheckpoint()
    {
        _ = _media ?? throw new InvalidOperationException("Call Start first.");
        byte[]? luma = null;
        if (_previous is not null)
        {
            var plane = _previous.Luma;
            luma = new byte[plane.Width * plane.Height];
            for (var y = 0; y < plane.Height; y++)
            {
                plane.Row(y).CopyTo(luma.AsSpan(y * plane.Width, plane.Width));
            }
        }

        return new PipelineCheckpoint(
            FramesAnalysed,
            _endTime,
            Math.Max(_baseSamples, _samplesEnd),
            luma,
            [.. _analyzers.Select(a => a.SaveCheckpoint())]);
    }

    /// <summary>Continues from <paramref name="checkpoint"/> (after <see cref="Start(MediaInfo)"/>, before any frame): the
    /// next segment's frames and audio are numbered and timed after the checkpoint's.</summary>
    public void RestoreCheckpoint(PipelineCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _ = _media ?? throw new InvalidOperationException("Call Start first.");
        if (_frames != 0)
        {
            throw new InvalidOperationException("Restore before the first frame.");
        }

        if (checkpoint.Analyzers.Count != _analyzers.Length)
        {
            throw new ArgumentException($"The checkpoint has {checkpoint.Analyzers.Count} analyzers; this pipeline has {_analyzers.Length}.", nameof(checkpoint));
        }

        for (var i = 0; i < _analyzers.Length; i++)
        {
            _analyzers[i].RestoreCheckpoint(checkpoint.Analyzers[i]);
        }

        _baseFrames = checkpoint.FramesSoFar;
        _baseTime = checkpoint.TimeSoFar;
        _baseSamples = checkpoint.SamplesSoFar;
        _endTime = checkpoint.TimeSoFar;
        _features.SetPreviousLuma(checkpoint.PreviousLuma);
    }

    /// <summary>Collects events for the report and forwards them to the live writer.</summary>
    private sealed class EventCollector(IDefectEventWriter? live, bool retain) : IDefectEventWriter
    {
        private readonly List<DefectEvent> _events = [];

        public IReadOnlyList<DefectEvent> Events => _events;

        public void Write(DefectEvent defect)
        {
            defect = Normalize(defect);
            if (retain)
            {
                _events.Add(defect);
            }

            live?.Write(defect);
        }

        public void Started(DefectEvent provisional) => live?.Started(Normalize(provisional));

        /// <summary>Microsecond precision: times computed from different segment offsets agree exactly, and reports
        /// stay short. The end is exclusive — usually the next frame's own time — so it is rounded to the microsecond
        /// at or below it (rounded up, it would claim that frame).</summary>
        private static DefectEvent Normalize(DefectEvent defect) =>
            defect with { Start = Math.Round(defect.Start, 6), End = Math.Round(defect.End - 4e-7, 6) };
    }
}
